import type { Kysely } from 'kysely';
import type { Store } from '../store/database.ts';
import type { Database, SignalTable } from '../store/schema.ts';

/** Tables added by migration 0010 (paper trading, signals, schedules), as Kysely sees them. */
export interface PaperStateTable {
  portfolio_id: string;
  version: number;
  last_ts: number;
  state_json: string;
  updated_at: number;
}

export interface PaperRunTable {
  portfolio_id: string;
  run_date: number;
  status: string;
  started_at: number;
  finished_at: number;
  summary_json: string;
}

export interface PaperSnapshotTable {
  portfolio_id: string;
  ts: number;
  equity: number;
  cash: number;
  market_value: number;
  exposure: number;
  positions_json: string;
}

export interface PaperTradeLogTable {
  portfolio_id: string;
  seq: number;
  ts: number;
  symbol: string;
  shares_bought: number | null;
  buy_price: number | null;
  cost_basis: number | null;
  pnl: number;
  reason: string;
  shares_sold: number | null;
  sell_price: number | null;
}

export interface PipelineSignalTable extends SignalTable {
  portfolio_id: string | null;
  stage: string | null;
}

export interface ScheduleTable {
  id: string;
  name: string;
  strategy: string;
  params_json: string;
  strategy_config_id: string | null;
  symbols_json: string;
  universe_json: string;
  portfolio_id: string | null;
  cron: string;
  timezone: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface ScheduleRunTable {
  schedule_id: string;
  due_at: number;
  claimed_by: string;
  started_at: number;
  finished_at: number | null;
  status: string;
  summary_json: string;
}

export interface PaperDatabase extends Omit<Database, 'signals'> {
  signals: PipelineSignalTable;
  paper_state: PaperStateTable;
  paper_runs: PaperRunTable;
  paper_snapshots: PaperSnapshotTable;
  paper_trade_log: PaperTradeLogTable;
  schedules: ScheduleTable;
  schedule_runs: ScheduleRunTable;
}

export type PaperDb = Kysely<PaperDatabase>;

/** The store's Kysely handle typed with the tables of migration 0010 too. */
export function paperDb(store: Store): PaperDb {
  return store.db as unknown as PaperDb;
}
