import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import type { Dialect } from 'kysely';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './database-url.ts';
import type { DatabaseTarget, StoreDialect } from './database-url.ts';
import type { Database } from './schema.ts';

export type { StoreDialect } from './database-url.ts';

/** An open database: the Kysely handle, which dialect it speaks, and how to let it go. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** The URL with its password masked, for messages. */
  readonly url: string;
  /** The raw better-sqlite3 handle when the dialect is sqlite (bulk-import fast path). */
  readonly sqlite: BetterSqlite3.Database | null;
  close(): Promise<void>;
}

const PG_INT8_OID = 20;

/**
 * Opens the database named by `url`, else DATABASE_URL, else the SQLite default. Does not
 * migrate: call migrateToLatest(store) for that.
 */
export async function openDatabase(url?: string): Promise<Store> {
  const chosen = url ?? (process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL);
  const target = parseDatabaseUrl(chosen);
  const { dialect, sqlite } = await createDialect(target);
  const db = new Kysely<Database>({ dialect });
  let closed = false;
  return {
    db,
    dialect: target.dialect,
    url: target.masked,
    sqlite,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

// Drivers load on first use: a SQLite user never pays for pg and mysql2, and commands that
// never open a database start faster.
async function createDialect(target: DatabaseTarget): Promise<{
  dialect: Dialect;
  sqlite: BetterSqlite3.Database | null;
}> {
  if (target.dialect === 'sqlite') {
    const sqlite = await openSqliteFile(target.path);
    return { dialect: new SqliteDialect({ database: sqlite }), sqlite };
  }
  if (target.dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      // BIGINT (epoch ms, counts) as JS numbers: every value we store fits in 2^53.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === PG_INT8_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    return { dialect: new PostgresDialect({ pool }), sqlite: null };
  }
  const { createPool } = await import('mysql2');
  const pool = createPool({
    uri: target.url,
    connectionLimit: 10,
    // SUM/AVG come back as DECIMAL: read them as numbers, like the other dialects.
    decimalNumbers: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    // mysql2's own text-protocol float parser can be off by one ulp; Number() is exact, so
    // stored prices read back bit-identical (re-imports then compare equal).
    typeCast: (field, next) => {
      if (field.type !== 'DOUBLE') return next();
      const text = field.string();
      return text === null ? null : Number(text);
    },
  });
  return { dialect: new MysqlDialect({ pool }), sqlite: null };
}

async function openSqliteFile(path: string): Promise<BetterSqlite3.Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  const memory = path === ':memory:';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Sqlite(path, { timeout: 10_000 });
  if (!memory) sqlite.pragma('journal_mode = WAL');
  // NORMAL is crash-safe in WAL mode (a killed process loses nothing committed).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}
