/**
 * The backtest engine: event-driven over one or many symbols on a shared calendar, with a
 * simulated broker (fills, costs, volume cap), average-cost portfolio accounting and sizing.
 * See engine.ts for the event loop, broker.ts and orders.ts for fill rules, costs.ts for the
 * cost models, portfolio.ts for trade accounting and sizing.ts for sizing rules.
 */
export { runBacktest, type BacktestInput, type BacktestRun } from './engine.ts';
export { defaultBacktestConfig, validateBacktestConfig, type BacktestConfig } from './config.ts';
export {
  commissionFor,
  defaultCosts,
  halfSpreadFraction,
  noCosts,
  parseCommissionSpec,
  slippageFraction,
  US_BROKER_COMMISSION,
  validateCosts,
  type CommissionModel,
  type CostConfig,
  type SlippageModel,
  type SpreadModel,
} from './costs.ts';
export {
  affordableShares,
  formatSizingRule,
  parseSizingSpec,
  targetShares,
  type SizingRule,
} from './sizing.ts';
export type { OrderEvent, OrderEventKind, OrderRole } from './orders.ts';
export type { CostTotals } from './state.ts';
export {
  corwinSchultzSpread,
  averageVolume,
  dailyVolatility,
  averageTrueRange,
} from './trailing-stats.ts';
