/** Performance, risk, benchmark and robustness analytics: pure functions, no I/O. */
export { computeMetrics, exposureFromTrades, METRIC_KEYS } from './metrics.ts';
export type { CostBreakdown, MetricKey, Metrics, MetricsInput } from './metrics.ts';
export { formatMetric, metricLabels } from './labels.ts';
export type { MetricFormat, MetricGroup, MetricLabel } from './labels.ts';
export { drawdownEpisodes, drawdownSeries, drawdownStats } from './drawdown.ts';
export type { DrawdownEpisode, DrawdownStats } from './drawdown.ts';
export {
  annualisedVolatility,
  cagr,
  MS_PER_YEAR,
  periodRate,
  simpleReturns,
  totalReturn,
  yearsBetween,
} from './returns.ts';
export {
  calmarRatio,
  downsideDeviation,
  periodSharpe,
  sharpeRatio,
  sortinoRatio,
} from './ratios.ts';
export { tradeStats } from './trades.ts';
export type { TradeStats } from './trades.ts';
export {
  excessKurtosis,
  historicalCvar,
  historicalVar,
  populationKurtosis,
  populationSkewness,
  shapeStats,
  skewness,
  tailRisk,
} from './risk.ts';
export type { ShapeStats, TailRisk } from './risk.ts';
export { alignedReturns, benchmarkStats, seriesTotalReturn } from './benchmark.ts';
export type { BenchmarkStats } from './benchmark.ts';
export {
  deflatedSharpeRatio,
  EULER_MASCHERONI,
  expectedMaxSharpe,
  probabilisticSharpeRatio,
  sharpeStandardError,
} from './sharpe-stats.ts';
export type { SharpeSample } from './sharpe-stats.ts';
export { combinations, probabilityOfBacktestOverfitting } from './pbo.ts';
export type { PboMetric, PboOptions, PboResult } from './pbo.ts';
export { equalWeightBuyAndHold } from './buy-and-hold.ts';
export { normalCdf, normalInverseCdf } from './normal.ts';
export {
  finiteOrNull,
  mean,
  moments,
  quantileSorted,
  sampleStdev,
  sampleVariance,
} from './stats.ts';
export type { Moments } from './stats.ts';
