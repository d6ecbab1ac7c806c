import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../database-url.ts';
import { columnTypesFor } from './column-types.ts';

const ID = 'varchar(64)';
const SYMBOL = 'varchar(32)';
const NAME = 'varchar(255)';
const SHORT = 'varchar(32)';

/** Every table of the first release. Portable across SQLite, PostgreSQL and MySQL/MariaDB. */
export async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypesFor(dialect);
  const s = db.schema;

  // Clustered by (symbol, ts) on SQLite (WITHOUT ROWID) and InnoDB (primary key): range
  // queries for one symbol read contiguous pages.
  let marketData = s
    .createTable('market_data')
    .addColumn('symbol', SYMBOL, (c) => c.notNull())
    .addColumn('ts', t.epochMs, (c) => c.notNull())
    .addColumn('open', t.double, (c) => c.notNull())
    .addColumn('high', t.double, (c) => c.notNull())
    .addColumn('low', t.double, (c) => c.notNull())
    .addColumn('close', t.double, (c) => c.notNull())
    .addColumn('volume', t.double, (c) => c.notNull())
    .addColumn('adj_close', t.double)
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_data_pk', ['symbol', 'ts']);
  if (dialect === 'sqlite') marketData = marketData.modifyEnd(sql`without rowid`);
  await marketData.execute();

  await s
    .createTable('strategies')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('name', NAME, (c) => c.notNull())
    .addColumn('strategy_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', t.longText)
    .addColumn('params_json', t.json, (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .addUniqueConstraint('strategies_name_uq', ['name'])
    .execute();

  await s
    .createTable('backtest_results')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('strategy', 'varchar(100)', (c) => c.notNull())
    .addColumn('symbols_json', t.json, (c) => c.notNull())
    .addColumn('start_ts', t.epochMs, (c) => c.notNull())
    .addColumn('end_ts', t.epochMs, (c) => c.notNull())
    .addColumn('params_json', t.json, (c) => c.notNull())
    .addColumn('metrics_json', t.json, (c) => c.notNull())
    .addColumn('ai_insights_json', t.json)
    .addColumn('result_json', t.json, (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .execute();
  await s
    .createIndex('backtest_results_strategy_idx')
    .on('backtest_results')
    .columns(['strategy', 'created_at'])
    .execute();
  await s
    .createIndex('backtest_results_created_idx')
    .on('backtest_results')
    .column('created_at')
    .execute();

  await s
    .createTable('users')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('email', NAME, (c) => c.notNull())
    .addColumn('password_hash', NAME, (c) => c.notNull())
    .addColumn('role', SHORT, (c) => c.notNull())
    .addColumn('display_name', NAME)
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .addColumn('last_login_at', t.epochMs)
    .addUniqueConstraint('users_email_uq', ['email'])
    .execute();

  await s
    .createTable('portfolios')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('user_id', ID, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', NAME, (c) => c.notNull())
    .addColumn('currency', 'varchar(8)', (c) => c.notNull())
    .addColumn('initial_cash', t.double, (c) => c.notNull())
    .addColumn('cash', t.double, (c) => c.notNull())
    .addColumn('settings_json', t.json, (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .execute();
  await s.createIndex('portfolios_user_idx').on('portfolios').column('user_id').execute();

  await s
    .createTable('trades')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('backtest_id', ID, (c) => c.references('backtest_results.id').onDelete('cascade'))
    .addColumn('portfolio_id', ID, (c) => c.references('portfolios.id').onDelete('cascade'))
    .addColumn('symbol', SYMBOL, (c) => c.notNull())
    .addColumn('side', SHORT, (c) => c.notNull())
    .addColumn('entry_ts', t.epochMs, (c) => c.notNull())
    .addColumn('entry_price', t.double, (c) => c.notNull())
    .addColumn('exit_ts', t.epochMs, (c) => c.notNull())
    .addColumn('exit_price', t.double, (c) => c.notNull())
    .addColumn('quantity', t.double, (c) => c.notNull())
    .addColumn('pnl', t.double, (c) => c.notNull())
    .addColumn('return_pct', t.double, (c) => c.notNull())
    .addColumn('commission', t.double, (c) => c.notNull())
    .addColumn('slippage', t.double, (c) => c.notNull())
    .addColumn('details_json', t.json, (c) => c.notNull())
    .execute();
  await s.createIndex('trades_backtest_idx').on('trades').column('backtest_id').execute();
  await s.createIndex('trades_portfolio_idx').on('trades').column('portfolio_id').execute();
  await s.createIndex('trades_symbol_idx').on('trades').columns(['symbol', 'entry_ts']).execute();

  await s
    .createTable('sessions')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('user_id', ID, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('expires_at', t.epochMs, (c) => c.notNull())
    .addColumn('revoked_at', t.epochMs)
    .addColumn('user_agent', NAME)
    .addColumn('ip', 'varchar(64)')
    .addUniqueConstraint('sessions_token_uq', ['token_hash'])
    .execute();
  await s.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await s
    .createTable('api_credentials')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('user_id', ID, (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('provider', 'varchar(64)', (c) => c.notNull())
    .addColumn('label', NAME, (c) => c.notNull())
    .addColumn('encrypted_value', t.longText, (c) => c.notNull())
    .addColumn('iv', 'varchar(64)', (c) => c.notNull())
    .addColumn('auth_tag', 'varchar(64)', (c) => c.notNull())
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .addUniqueConstraint('api_credentials_uq', ['user_id', 'provider', 'label'])
    .execute();

  await s
    .createTable('audit_log')
    .addColumn('seq', t.serialKey, (c) =>
      t.serialNeedsAutoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('ts', t.epochMs, (c) => c.notNull())
    .addColumn('actor', NAME)
    .addColumn('action', 'varchar(100)', (c) => c.notNull())
    .addColumn('target', NAME)
    .addColumn('details_json', t.json, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('prev_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('hash', 'varchar(128)', (c) => c.notNull())
    .execute();
  await s.createIndex('audit_log_ts_idx').on('audit_log').column('ts').execute();
  await s.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor', 'ts']).execute();

  await s
    .createTable('signals')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('symbol', SYMBOL, (c) => c.notNull())
    .addColumn('strategy', 'varchar(100)', (c) => c.notNull())
    .addColumn('ts', t.epochMs, (c) => c.notNull())
    .addColumn('action', SHORT, (c) => c.notNull())
    .addColumn('strength', t.double)
    .addColumn('price', t.double)
    .addColumn('status', SHORT, (c) => c.notNull())
    .addColumn('reason', t.longText)
    .addColumn('details_json', t.json, (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .execute();
  await s.createIndex('signals_symbol_idx').on('signals').columns(['symbol', 'ts']).execute();
  await s
    .createIndex('signals_status_idx')
    .on('signals')
    .columns(['status', 'created_at'])
    .execute();

  await s
    .createTable('positions')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('portfolio_id', ID, (c) =>
      c.notNull().references('portfolios.id').onDelete('cascade'),
    )
    .addColumn('symbol', SYMBOL, (c) => c.notNull())
    .addColumn('quantity', t.double, (c) => c.notNull())
    .addColumn('avg_price', t.double, (c) => c.notNull())
    .addColumn('opened_at', t.epochMs, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .addUniqueConstraint('positions_portfolio_symbol_uq', ['portfolio_id', 'symbol'])
    .execute();

  await s
    .createTable('orders')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('portfolio_id', ID, (c) =>
      c.notNull().references('portfolios.id').onDelete('cascade'),
    )
    .addColumn('symbol', SYMBOL, (c) => c.notNull())
    .addColumn('side', SHORT, (c) => c.notNull())
    .addColumn('type', SHORT, (c) => c.notNull())
    .addColumn('quantity', t.double, (c) => c.notNull())
    .addColumn('limit_price', t.double)
    .addColumn('stop_price', t.double)
    .addColumn('time_in_force', SHORT, (c) => c.notNull())
    .addColumn('status', SHORT, (c) => c.notNull())
    .addColumn('filled_quantity', t.double, (c) => c.notNull())
    .addColumn('avg_fill_price', t.double)
    .addColumn('details_json', t.json, (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .execute();
  await s
    .createIndex('orders_portfolio_idx')
    .on('orders')
    .columns(['portfolio_id', 'status', 'created_at'])
    .execute();

  await s
    .createTable('news_items')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('external_id', NAME, (c) => c.notNull())
    .addColumn('symbol', SYMBOL)
    .addColumn('published_at', t.epochMs, (c) => c.notNull())
    .addColumn('title', t.longText, (c) => c.notNull())
    .addColumn('url', t.longText)
    .addColumn('summary', t.longText)
    .addColumn('sentiment', t.double)
    .addColumn('details_json', t.json, (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addUniqueConstraint('news_items_source_uq', ['source', 'external_id'])
    .execute();
  await s
    .createIndex('news_items_symbol_idx')
    .on('news_items')
    .columns(['symbol', 'published_at'])
    .execute();

  await s
    .createTable('jobs')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('type', 'varchar(100)', (c) => c.notNull())
    .addColumn('status', SHORT, (c) => c.notNull())
    .addColumn('payload_json', t.json, (c) => c.notNull())
    .addColumn('result_json', t.json)
    .addColumn('error', t.longText)
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', t.epochMs, (c) => c.notNull())
    .addColumn('locked_by', NAME)
    .addColumn('locked_at', t.epochMs)
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .execute();
  await s.createIndex('jobs_status_idx').on('jobs').columns(['status', 'run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'jobs',
    'news_items',
    'orders',
    'positions',
    'signals',
    'audit_log',
    'api_credentials',
    'sessions',
    'trades',
    'portfolios',
    'users',
    'backtest_results',
    'strategies',
    'market_data',
  ];
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
