import type { Kysely } from 'kysely';
import type { StoreDialect } from '../database-url.ts';
import { columnTypesFor } from './column-types.ts';

const ID = 'varchar(64)';
const SYMBOL = 'varchar(32)';
const SHORT = 'varchar(32)';
const NAME = 'varchar(255)';

/**
 * Paper trading, the signal pipeline and schedules (owned by src/paper and src/signals):
 * - paper_state: the paper broker's saved state, one row per portfolio, with a version for
 *   optimistic concurrency (two writers cannot both advance it);
 * - paper_runs: the run marker, one row per portfolio and date, written in the same
 *   transaction as everything the run did (so a killed run left nothing and re-runs cleanly,
 *   and a finished run is never repeated);
 * - paper_snapshots: the daily mark-to-market; paper_trade_log: the experiment's trade log;
 * - signals.portfolio_id and signals.stage: where a signal belongs and where it stopped;
 * - schedules and schedule_runs: a (schedule, due time) row is claimed once, whatever the
 *   number of server processes.
 */
export async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypesFor(dialect);
  const s = db.schema;
  const portfolioRef = (name: string) =>
    s
      .createTable(name)
      .addColumn('portfolio_id', ID, (c) =>
        c.notNull().references('portfolios.id').onDelete('cascade'),
      );

  await portfolioRef('paper_state')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_ts', t.epochMs, (c) => c.notNull())
    .addColumn('state_json', t.json, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_state_pk', ['portfolio_id'])
    .execute();

  await portfolioRef('paper_runs')
    .addColumn('run_date', t.epochMs, (c) => c.notNull())
    .addColumn('status', SHORT, (c) => c.notNull())
    .addColumn('started_at', t.epochMs, (c) => c.notNull())
    .addColumn('finished_at', t.epochMs, (c) => c.notNull())
    .addColumn('summary_json', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_runs_pk', ['portfolio_id', 'run_date'])
    .execute();

  await portfolioRef('paper_snapshots')
    .addColumn('ts', t.epochMs, (c) => c.notNull())
    .addColumn('equity', t.double, (c) => c.notNull())
    .addColumn('cash', t.double, (c) => c.notNull())
    .addColumn('market_value', t.double, (c) => c.notNull())
    .addColumn('exposure', t.double, (c) => c.notNull())
    .addColumn('positions_json', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_snapshots_pk', ['portfolio_id', 'ts'])
    .execute();

  await portfolioRef('paper_trade_log')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('ts', t.epochMs, (c) => c.notNull())
    .addColumn('symbol', SYMBOL, (c) => c.notNull())
    .addColumn('shares_bought', t.double)
    .addColumn('buy_price', t.double)
    .addColumn('cost_basis', t.double)
    .addColumn('pnl', t.double, (c) => c.notNull())
    .addColumn('reason', t.longText, (c) => c.notNull())
    .addColumn('shares_sold', t.double)
    .addColumn('sell_price', t.double)
    .addPrimaryKeyConstraint('paper_trade_log_pk', ['portfolio_id', 'seq'])
    .execute();

  await s.alterTable('signals').addColumn('portfolio_id', ID).execute();
  await s.alterTable('signals').addColumn('stage', SHORT).execute();
  await s
    .createIndex('signals_portfolio_idx')
    .on('signals')
    .columns(['portfolio_id', 'ts'])
    .execute();

  await s
    .createTable('schedules')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('name', NAME, (c) => c.notNull())
    .addColumn('strategy', 'varchar(100)', (c) => c.notNull())
    .addColumn('params_json', t.json, (c) => c.notNull())
    .addColumn('strategy_config_id', ID)
    .addColumn('symbols_json', t.json, (c) => c.notNull())
    .addColumn('universe_json', t.json, (c) => c.notNull())
    .addColumn('portfolio_id', ID, (c) => c.references('portfolios.id').onDelete('set null'))
    .addColumn('cron', 'varchar(100)', (c) => c.notNull())
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.epochMs, (c) => c.notNull())
    .addColumn('updated_at', t.epochMs, (c) => c.notNull())
    .addUniqueConstraint('schedules_name_uq', ['name'])
    .execute();

  await s
    .createTable('schedule_runs')
    .addColumn('schedule_id', ID, (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('due_at', t.epochMs, (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('started_at', t.epochMs, (c) => c.notNull())
    .addColumn('finished_at', t.epochMs)
    .addColumn('status', SHORT, (c) => c.notNull())
    .addColumn('summary_json', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('schedule_runs_pk', ['schedule_id', 'due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.dropTable('schedule_runs').ifExists().execute();
  await s.dropTable('schedules').ifExists().execute();
  await s.dropIndex('signals_portfolio_idx').on('signals').ifExists().execute();
  await s.alterTable('signals').dropColumn('stage').execute();
  await s.alterTable('signals').dropColumn('portfolio_id').execute();
  await s.dropTable('paper_trade_log').ifExists().execute();
  await s.dropTable('paper_snapshots').ifExists().execute();
  await s.dropTable('paper_runs').ifExists().execute();
  await s.dropTable('paper_state').ifExists().execute();
}
