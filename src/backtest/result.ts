/**
 * The `backtest --json` contract (see docs/architecture.md). Times are ISO-8601, ratios are
 * fractions. Other tools parse this shape: change it only together with the docs.
 */
export interface TradeJson {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly entryTime: string;
  readonly entryPrice: number;
  readonly exitTime: string;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly pnl: number;
  readonly returnPct: number;
  readonly commission: number;
  readonly slippage: number;
  readonly spread: number;
  readonly barsHeld: number;
  readonly entryReason: string;
  readonly exitReason: string;
}

export interface EquityPointJson {
  readonly time: string;
  readonly value: number;
}

/** Metric values; null where a metric is undefined for the run (e.g. no trades, no benchmark). */
export type MetricsJson = Readonly<Record<string, number | null>>;

export interface BacktestResultJson {
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly initialCapital: number;
  readonly finalValue: number;
  /** True when any input series is synthetic (the demo universe). */
  readonly synthetic: boolean;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly metrics: MetricsJson;
  readonly trades: readonly TradeJson[];
  readonly equity: readonly EquityPointJson[];
}
