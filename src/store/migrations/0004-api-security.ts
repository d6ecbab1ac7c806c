import type { Kysely } from 'kysely';
import type { StoreDialect } from '../database-url.ts';
import { columnTypesFor } from './column-types.ts';

const ID = 'varchar(64)';

/**
 * What the REST API needs beyond the first schema (owned by the API layer, src/server):
 * - session_families: one row per login; revoking it ends every refresh token of the login and
 *   every access token that carries its id (reuse detection revokes the whole family);
 * - sessions.family_id / sessions.replaced_at: refresh-token rotation (a token presented after
 *   it was replaced is a reuse);
 * - owner_id on saved strategy configurations and backtest results, for object-level checks.
 */
export async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypesFor(dialect);
  const s = db.schema;
  await s
    .createTable('session_families')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('user_id', ID, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('expires_at', t.epochMs, (c) => c.notNull())
    .addColumn('revoked_at', t.epochMs)
    .addColumn('revoked_reason', 'varchar(64)')
    .execute();
  await s
    .createIndex('session_families_user_idx')
    .on('session_families')
    .column('user_id')
    .execute();
  await s.alterTable('sessions').addColumn('family_id', ID).execute();
  await s.alterTable('sessions').addColumn('replaced_at', t.epochMs).execute();
  await s.createIndex('sessions_family_idx').on('sessions').column('family_id').execute();
  await s.alterTable('strategies').addColumn('owner_id', ID).execute();
  await s.alterTable('backtest_results').addColumn('owner_id', ID).execute();
  await s
    .createIndex('backtest_results_owner_idx')
    .on('backtest_results')
    .columns(['owner_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.dropIndex('backtest_results_owner_idx').on('backtest_results').ifExists().execute();
  await s.alterTable('backtest_results').dropColumn('owner_id').execute();
  await s.alterTable('strategies').dropColumn('owner_id').execute();
  await s.dropIndex('sessions_family_idx').on('sessions').ifExists().execute();
  await s.alterTable('sessions').dropColumn('replaced_at').execute();
  await s.alterTable('sessions').dropColumn('family_id').execute();
  await s.dropTable('session_families').ifExists().execute();
}
