import type { Kysely } from 'kysely';
import type { StoreDialect } from './database-url.ts';

/** Tables seen without column typing: the upsert helper works on any table by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows and columns are chosen at run time by the caller; Kysely's typed builder cannot express a table name parameter
type LooseDb = Kysely<any>;

/** Conservative bound on bound parameters per statement (SQLite allows 32,766). */
const MAX_PARAMETERS = 30_000;

/**
 * INSERT … ON CONFLICT (keys) DO UPDATE SET cols = excluded.cols on SQLite and PostgreSQL,
 * INSERT … ON DUPLICATE KEY UPDATE cols = VALUES(cols) on MySQL/MariaDB. Splits large inputs
 * into statements under the parameter limit; run it inside a transaction for atomicity.
 * `conflictColumns` must be a unique key of the table (MySQL uses whichever key collides).
 */
export async function upsertRows<DB>(
  db: Kysely<DB>,
  dialect: StoreDialect,
  table: string,
  rows: readonly Record<string, unknown>[],
  conflictColumns: readonly string[],
  updateColumns: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const loose = db as unknown as LooseDb;
  const width = Object.keys(rows[0]).length;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / width));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const insert = loose.insertInto(table).values(chunk as Record<string, unknown>[]);
    if (dialect === 'mysql') {
      await insert
        .onDuplicateKeyUpdate((eb) =>
          Object.fromEntries(updateColumns.map((c) => [c, eb.fn('values', [eb.ref(c)])])),
        )
        .execute();
    } else {
      await insert
        .onConflict((oc) =>
          oc
            .columns([...conflictColumns])
            .doUpdateSet((eb) =>
              Object.fromEntries(updateColumns.map((c) => [c, eb.ref(`excluded.${c}`)])),
            ),
        )
        .execute();
    }
  }
}
