import type { Generated } from 'kysely';

/**
 * Row types of every table, as Kysely sees them. Conventions (see docs/store.md):
 * - times are epoch milliseconds in BIGINT columns (`*_at`, `ts`), UTC;
 * - JSON documents are text columns (LONGTEXT on MySQL) holding JSON.stringify output, parsed
 *   by the repositories; names of such columns end in `_json`;
 * - ids are application-made strings (UUIDs), except audit_log.seq which orders the chain;
 * - booleans are integers 0/1.
 */

export interface MarketDataTable {
  symbol: string;
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  adj_close: number | null;
  source: string;
}

export interface StrategyTable {
  id: string;
  name: string;
  strategy_id: string;
  description: string | null;
  params_json: string;
  created_at: number;
  updated_at: number;
}

export interface BacktestResultTable {
  id: string;
  strategy: string;
  symbols_json: string;
  start_ts: number;
  end_ts: number;
  params_json: string;
  metrics_json: string;
  ai_insights_json: string | null;
  result_json: string;
  created_at: number;
}

export interface TradeTable {
  id: string;
  backtest_id: string | null;
  portfolio_id: string | null;
  symbol: string;
  side: string;
  entry_ts: number;
  entry_price: number;
  exit_ts: number;
  exit_price: number;
  quantity: number;
  pnl: number;
  return_pct: number;
  commission: number;
  slippage: number;
  details_json: string;
}

export interface UserTable {
  id: string;
  email: string;
  password_hash: string;
  role: string;
  display_name: string | null;
  disabled: number;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

export interface SessionTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiCredentialTable {
  id: string;
  user_id: string | null;
  provider: string;
  label: string;
  encrypted_value: string;
  iv: string;
  auth_tag: string;
  key_version: number;
  created_at: number;
  updated_at: number;
}

export interface AuditLogTable {
  seq: Generated<number>;
  ts: number;
  actor: string | null;
  action: string;
  target: string | null;
  details_json: string;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface SignalTable {
  id: string;
  symbol: string;
  strategy: string;
  ts: number;
  action: string;
  strength: number | null;
  price: number | null;
  status: string;
  reason: string | null;
  details_json: string;
  created_at: number;
}

export interface PortfolioTable {
  id: string;
  user_id: string | null;
  name: string;
  currency: string;
  initial_cash: number;
  cash: number;
  settings_json: string;
  created_at: number;
  updated_at: number;
}

export interface PositionTable {
  id: string;
  portfolio_id: string;
  symbol: string;
  quantity: number;
  avg_price: number;
  opened_at: number;
  updated_at: number;
}

export interface OrderTable {
  id: string;
  portfolio_id: string;
  symbol: string;
  side: string;
  type: string;
  quantity: number;
  limit_price: number | null;
  stop_price: number | null;
  time_in_force: string;
  status: string;
  filled_quantity: number;
  avg_fill_price: number | null;
  details_json: string;
  created_at: number;
  updated_at: number;
}

export interface NewsItemTable {
  id: string;
  source: string;
  external_id: string;
  symbol: string | null;
  published_at: number;
  title: string;
  url: string | null;
  summary: string | null;
  sentiment: number | null;
  details_json: string;
  created_at: number;
}

export interface JobTable {
  id: string;
  type: string;
  status: string;
  payload_json: string;
  result_json: string | null;
  error: string | null;
  attempts: number;
  max_attempts: number;
  run_at: number;
  locked_by: string | null;
  locked_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  market_data: MarketDataTable;
  strategies: StrategyTable;
  backtest_results: BacktestResultTable;
  trades: TradeTable;
  users: UserTable;
  sessions: SessionTable;
  api_credentials: ApiCredentialTable;
  audit_log: AuditLogTable;
  signals: SignalTable;
  portfolios: PortfolioTable;
  positions: PositionTable;
  orders: OrderTable;
  news_items: NewsItemTable;
  jobs: JobTable;
}
