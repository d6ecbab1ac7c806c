import type { Trade } from '../domain/trading.ts';
import { InputError } from '../domain/errors.ts';
import { TRADING_DAYS_PER_YEAR } from '../domain/time.ts';
import { benchmarkStats, seriesTotalReturn } from './benchmark.ts';
import { drawdownStats } from './drawdown.ts';
import { calmarRatio, periodSharpe, sortinoRatio } from './ratios.ts';
import {
  annualisedVolatility,
  cagr,
  periodRate,
  simpleReturns,
  totalReturn,
  yearsBetween,
} from './returns.ts';
import { shapeStats, tailRisk } from './risk.ts';
import {
  deflatedSharpeRatio,
  expectedMaxSharpe,
  probabilisticSharpeRatio,
} from './sharpe-stats.ts';
import type { SharpeSample } from './sharpe-stats.ts';
import { finiteOrNull, mean } from './stats.ts';
import { tradeStats } from './trades.ts';

export interface CostBreakdown {
  readonly commission: number;
  readonly slippage: number;
  readonly spread: number;
  readonly borrowFees: number;
}

export interface MetricsInput {
  /** Bar times, epoch ms, strictly increasing. */
  readonly times: Float64Array;
  /** Equity at each bar's close; expected to start at initialCapital (no fill on bar 0). */
  readonly equity: Float64Array;
  readonly trades: readonly Trade[];
  readonly initialCapital: number;
  /** Gross exposure per bar: sum |position value| / equity. Derived from trades when absent. */
  readonly exposure?: Float64Array;
  /** Benchmark price or equity aligned to times; NaN where missing. */
  readonly benchmark?: Float64Array;
  /** Annual risk-free rate as a fraction (default 0). */
  readonly riskFreeRate?: number;
  /** Annualised Sharpe ratio the probabilistic Sharpe is measured against (default 0). */
  readonly benchmarkSharpe?: number;
  /** Number of strategy variants tried to reach this one (enables the deflated Sharpe). */
  readonly trials?: number;
  /** Variance of the trials' ANNUALISED Sharpe ratios; default: see deflatedSharpeRatio. */
  readonly trialSharpeVariance?: number;
  /** Costs paid in the run, including borrow fees; summed from the trades when absent. */
  readonly costs?: CostBreakdown;
  /** Value bought plus value sold over the run; summed from the trades when absent. */
  readonly tradedValue?: number;
  /** Equal-weight buy-and-hold equity of the traded symbols aligned to times. */
  readonly buyAndHold?: Float64Array;
}

/** Every metric computeMetrics returns; null where undefined for the run. Never NaN/Infinity. */
export const METRIC_KEYS = [
  'totalReturn',
  'cagr',
  'volatility',
  'sharpeRatio',
  'sortinoRatio',
  'calmarRatio',
  'maxDrawdown',
  'maxDrawdownDuration',
  'maxDrawdownDurationDays',
  'avgDrawdown',
  'avgDrawdownDuration',
  'var95',
  'cvar95',
  'skew',
  'kurtosis',
  'trades',
  'winRate',
  'profitFactor',
  'expectancy',
  'avgTradeReturn',
  'avgWinningTrade',
  'avgLosingTrade',
  'bestTrade',
  'worstTrade',
  'avgTradeDuration',
  'avgTradeDurationDays',
  'sqn',
  'kelly',
  'exposure',
  'avgExposure',
  'totalCosts',
  'turnover',
  'buyAndHoldReturn',
  'benchmarkReturn',
  'alpha',
  'beta',
  'correlation',
  'trackingError',
  'informationRatio',
  'probabilisticSharpe',
  'deflatedSharpe',
  'expectedMaxSharpe',
] as const;

export type MetricKey = (typeof METRIC_KEYS)[number];

/** A flat record (a type alias, so it fits the JSON contract's Record<string, number | null>). */
export type Metrics = { readonly [K in MetricKey]: number | null };

export function computeMetrics(input: MetricsInput): Metrics {
  validate(input);
  const { times, equity, initialCapital } = input;
  const n = equity.length;
  const periodsPerYear = TRADING_DAYS_PER_YEAR;
  const rf = periodRate(input.riskFreeRate ?? 0, periodsPerYear);
  const returns = simpleReturns(equity);
  const final = equity[n - 1];
  const years = yearsBetween(times[0], times[n - 1]);
  const growth = cagr(initialCapital, final, years);
  const dd = drawdownStats(times, equity);
  const ts = tradeStats(input.trades);
  const shape = shapeStats(returns);
  const tail = tailRisk(returns, 0.95);
  const sample: SharpeSample = {
    sharpe: periodSharpe(returns, rf),
    observations: returns.length,
    skew: shape.populationSkew,
    kurtosis: shape.populationKurtosis,
  };
  const annualToPeriod = Math.sqrt(periodsPerYear);
  const psr = probabilisticSharpeRatio(sample, (input.benchmarkSharpe ?? 0) / annualToPeriod);
  let dsr = NaN;
  let maxSharpe = NaN;
  if (input.trials !== undefined) {
    const variance =
      input.trialSharpeVariance === undefined
        ? undefined
        : input.trialSharpeVariance / periodsPerYear;
    dsr = deflatedSharpeRatio(sample, input.trials, variance);
    maxSharpe =
      expectedMaxSharpe(input.trials, variance ?? 1 / (sample.observations - 1)) * annualToPeriod;
  }
  const bench = input.benchmark
    ? benchmarkStats(equity, input.benchmark, rf, periodsPerYear)
    : null;
  const costs = input.costs
    ? input.costs.commission + input.costs.slippage + input.costs.spread + input.costs.borrowFees
    : ts.tradeCosts;
  const exposure = input.exposure ?? exposureFromTrades(times, input.trades);
  let inMarket = 0;
  for (let i = 0; i < n; i++) if (exposure[i] > 0) inMarket++;
  const traded = input.tradedValue ?? ts.tradedValue;

  const values: Record<MetricKey, number> = {
    totalReturn: totalReturn(initialCapital, final),
    cagr: growth,
    volatility: annualisedVolatility(returns, periodsPerYear),
    sharpeRatio: sample.sharpe * annualToPeriod,
    sortinoRatio: sortinoRatio(returns, rf, periodsPerYear),
    calmarRatio: calmarRatio(growth, dd.maxDrawdown),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownDuration: dd.maxDrawdownDuration,
    maxDrawdownDurationDays: dd.maxDrawdownDurationDays,
    avgDrawdown: dd.avgDrawdown,
    avgDrawdownDuration: dd.avgDrawdownDuration,
    var95: tail.var,
    cvar95: tail.cvar,
    skew: shape.skew,
    kurtosis: shape.excessKurtosis,
    trades: ts.trades,
    winRate: ts.winRate,
    profitFactor: ts.profitFactor,
    expectancy: ts.expectancy,
    avgTradeReturn: ts.avgTradeReturn,
    avgWinningTrade: ts.avgWinningTrade,
    avgLosingTrade: ts.avgLosingTrade,
    bestTrade: ts.bestTrade,
    worstTrade: ts.worstTrade,
    avgTradeDuration: ts.avgTradeDuration,
    avgTradeDurationDays: ts.avgTradeDurationDays,
    sqn: ts.sqn,
    kelly: ts.kelly,
    exposure: inMarket / n,
    avgExposure: input.exposure ? mean(input.exposure) : NaN,
    totalCosts: costs,
    turnover: years > 0 ? traded / mean(equity) / years : NaN,
    buyAndHoldReturn: input.buyAndHold ? seriesTotalReturn(input.buyAndHold) : NaN,
    benchmarkReturn: bench ? bench.benchmarkReturn : NaN,
    alpha: bench ? bench.alpha : NaN,
    beta: bench ? bench.beta : NaN,
    correlation: bench ? bench.correlation : NaN,
    trackingError: bench ? bench.trackingError : NaN,
    informationRatio: bench ? bench.informationRatio : NaN,
    probabilisticSharpe: psr,
    deflatedSharpe: dsr,
    expectedMaxSharpe: maxSharpe,
  };
  const out = {} as Record<MetricKey, number | null>;
  for (const key of METRIC_KEYS) out[key] = finiteOrNull(values[key]);
  return out;
}

/**
 * 1 for every bar on which some trade was open at the close (entryTime <= t < exitTime: a
 * trade enters at a bar's open and leaves at its exit bar's open), else 0.
 */
export function exposureFromTrades(times: Float64Array, trades: readonly Trade[]): Float64Array {
  const n = times.length;
  const delta = new Int32Array(n + 1);
  for (const trade of trades) {
    const from = lowerBound(times, trade.entryTime);
    const to = lowerBound(times, trade.exitTime);
    if (to > from) {
      delta[from]++;
      delta[to]--;
    }
  }
  const out = new Float64Array(n);
  let open = 0;
  for (let i = 0; i < n; i++) {
    open += delta[i];
    out[i] = open > 0 ? 1 : 0;
  }
  return out;
}

/** First index whose time is >= t. */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function validate(input: MetricsInput): void {
  const { times, equity } = input;
  if (equity.length === 0) throw new InputError('equity', 0, 'needs at least one bar');
  if (times.length !== equity.length) {
    throw new InputError(
      'times',
      times.length,
      `expected ${equity.length} times, one per equity value`,
    );
  }
  for (let i = 0; i < equity.length; i++) {
    if (!Number.isFinite(equity[i]))
      throw new InputError(`equity[${i}]`, equity[i], 'must be finite');
    if (!Number.isFinite(times[i])) throw new InputError(`times[${i}]`, times[i], 'must be finite');
    if (i > 0 && !(times[i] > times[i - 1])) {
      throw new InputError(`times[${i}]`, times[i], 'times must be strictly increasing');
    }
  }
  if (!(Number.isFinite(input.initialCapital) && input.initialCapital > 0)) {
    throw new InputError('initialCapital', input.initialCapital, 'must be a positive number');
  }
  for (const name of ['exposure', 'benchmark', 'buyAndHold'] as const) {
    const series = input[name];
    if (series && series.length !== equity.length) {
      throw new InputError(name, series.length, `expected ${equity.length} values, one per bar`);
    }
  }
  if (input.exposure) {
    input.exposure.forEach((value, i) => {
      if (!(Number.isFinite(value) && value >= 0)) {
        throw new InputError(`exposure[${i}]`, value, 'must be a finite number >= 0');
      }
    });
  }
  const rate = input.riskFreeRate;
  if (rate !== undefined && !(Number.isFinite(rate) && rate > -1)) {
    throw new InputError('riskFreeRate', rate, 'must be a finite annual rate above -1');
  }
  if (input.benchmarkSharpe !== undefined && !Number.isFinite(input.benchmarkSharpe)) {
    throw new InputError('benchmarkSharpe', input.benchmarkSharpe, 'must be finite');
  }
  if (input.trials !== undefined && !(Number.isInteger(input.trials) && input.trials >= 1)) {
    throw new InputError('trials', input.trials, 'must be a whole number >= 1');
  }
  const variance = input.trialSharpeVariance;
  if (variance !== undefined && !(Number.isFinite(variance) && variance >= 0)) {
    throw new InputError('trialSharpeVariance', variance, 'must be a finite number >= 0');
  }
  if (input.costs) {
    for (const [field, value] of Object.entries(input.costs)) {
      if (!Number.isFinite(value)) throw new InputError(`costs.${field}`, value, 'must be finite');
    }
  }
  if (
    input.tradedValue !== undefined &&
    !(Number.isFinite(input.tradedValue) && input.tradedValue >= 0)
  ) {
    throw new InputError('tradedValue', input.tradedValue, 'must be a finite number >= 0');
  }
}
