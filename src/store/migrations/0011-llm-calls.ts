import type { Kysely } from 'kysely';
import type { StoreDialect } from '../database-url.ts';
import { columnTypesFor } from './column-types.ts';

/**
 * llm_calls: one row per LLM call (and per local-analyst answer), for the compliance role's
 * prompt/response archive, the audit fields (user, model, prompt hash, response hash) and the
 * replay store (`--ai-replay` answers from the newest ok row with the same cache_key).
 * Portable across SQLite, PostgreSQL and MySQL like the store's own migrations.
 */
export async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypesFor(dialect);
  await db.schema
    .createTable('llm_calls')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ts', t.epochMs, (c) => c.notNull())
    .addColumn('user_id', 'varchar(255)')
    .addColumn('provider', 'varchar(64)', (c) => c.notNull())
    .addColumn('model', 'varchar(128)', (c) => c.notNull())
    .addColumn('task', 'varchar(100)', (c) => c.notNull())
    .addColumn('template_version', 'varchar(32)', (c) => c.notNull())
    .addColumn('cache_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('prompt_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('response_hash', 'varchar(64)')
    .addColumn('prompt_text', t.longText, (c) => c.notNull())
    .addColumn('response_text', t.longText)
    .addColumn('result_json', t.json)
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', t.longText)
    .addColumn('latency_ms', t.double, (c) => c.notNull())
    .addColumn('prompt_tokens', 'integer', (c) => c.notNull())
    .addColumn('completion_tokens', 'integer', (c) => c.notNull())
    .addColumn('cost_usd', t.double)
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('llm_calls_key_idx')
    .ifNotExists()
    .on('llm_calls')
    .columns(['cache_key', 'status', 'ts'])
    .execute();
  await db.schema
    .createIndex('llm_calls_ts_idx')
    .ifNotExists()
    .on('llm_calls')
    .column('ts')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('llm_calls').ifExists().execute();
}
