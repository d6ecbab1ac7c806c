import { annualisedVolatility, cagr, simpleReturns, yearsBetween } from '../analytics/returns.ts';
import { periodSharpe, sortinoRatio } from '../analytics/ratios.ts';
import { periodRate } from '../analytics/returns.ts';
import { runBacktest, type BacktestConfig } from '../backtest/index.ts';
import { rangeBarSeries, type BarSeries } from '../domain/bars.ts';
import { TRADING_DAYS_PER_YEAR } from '../domain/time.ts';
import type { Strategy } from '../strategies/types.ts';
import { strategyFactory } from './cached-strategies.ts';
import { IndicatorCache } from './indicator-cache.ts';
import type { Objective, ObjectiveInputs } from './objective.ts';
import type { ParamSet, Trial } from './space.ts';

/**
 * The sweep's inner loop: one backtest per parameter set and the few figures an objective and
 * the overfitting statistics need. Full metrics are computed only for the top trials (see
 * sweep.ts); here speed matters.
 */

/** A slice of the calendar a trial runs on: bars in [from, to], trading only from `tradeFrom`. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
  /** Bars before this time only warm the indicators up (earlier data, so no look-ahead). */
  readonly tradeFrom: number;
}

/** One trial's outcome, JSON-safe (undefined figures are null). */
export interface TrialOutcome {
  readonly index: number;
  readonly params: ParamSet;
  readonly objective: number | null;
  readonly metrics: { readonly [K in keyof ObjectiveInputs]: number | null };
  /** Per-period (daily) Sharpe ratio, for the variance of Sharpe across trials (DSR). */
  readonly periodSharpe: number | null;
  /** Compounded returns of consecutive blocks of bars, for PBO's trial-by-period matrix. */
  readonly blockReturns: number[];
  /** Who computed it (a worker id), so distributed runs can show the spread. */
  readonly worker?: string;
}

export interface EvaluationContext {
  readonly strategy: string;
  readonly series: readonly BarSeries[];
  readonly config: BacktestConfig;
  readonly objective: Objective;
  readonly riskFreeRate: number;
  /** Bars per PBO block (see blockSizeFor). */
  readonly blockSize: number;
  readonly cache: IndicatorCache;
}

/**
 * Bars per block so that a run yields at most 128 block returns: about monthly periods over
 * ten years of daily bars (the period length the CSCV literature uses), and a trial outcome
 * small enough to ship between machines cheaply.
 */
export const MAX_BLOCKS = 128;

export function blockSizeFor(bars: number): number {
  return Math.max(1, Math.ceil(bars / MAX_BLOCKS));
}

/** Wraps a strategy so it stays flat before `tradeFrom` (its indicators still see those bars). */
class TradeFrom implements Strategy {
  readonly #inner: Strategy;
  readonly #from: number;

  constructor(inner: Strategy, from: number) {
    this.#inner = inner;
    this.#from = from;
  }

  init(bars: Parameters<Strategy['init']>[0]): void {
    this.#inner.init(bars);
  }

  onBar(ctx: Parameters<Strategy['onBar']>[0]): ReturnType<Strategy['onBar']> {
    if (ctx.bars.time[ctx.index] < this.#from) return null;
    return this.#inner.onBar(ctx);
  }
}

/** Caches window slices so their columns keep one identity (the indicator cache keys on it). */
export class WindowedSeries {
  readonly #series: readonly BarSeries[];
  readonly #slices = new Map<string, BarSeries[]>();

  constructor(series: readonly BarSeries[]) {
    this.#series = series;
  }

  get(window: TimeWindow | null): BarSeries[] {
    if (!window) return [...this.#series];
    const key = `${window.from}:${window.to}`;
    let slice = this.#slices.get(key);
    if (!slice) {
      slice = this.#series
        .map((s) => rangeBarSeries(s, window.from, window.to))
        .filter((s) => s.length > 0);
      this.#slices.set(key, slice);
    }
    return slice;
  }
}

export interface RawRun {
  readonly times: Float64Array;
  readonly equity: Float64Array;
  readonly run: ReturnType<typeof runBacktest>;
}

/** Runs one parameter set on the given bars; with a window, equity is cut at `tradeFrom`. */
export function runTrial(
  context: Omit<EvaluationContext, 'objective' | 'blockSize'>,
  params: ParamSet,
  series: readonly BarSeries[],
  window: TimeWindow | null,
): RawRun {
  const make = strategyFactory(context.strategy, params, context.cache);
  const tradeFrom = window?.tradeFrom ?? -Infinity;
  const run = runBacktest({
    series,
    createStrategy: tradeFrom === -Infinity ? make : () => new TradeFrom(make(), tradeFrom),
    config: context.config,
  });
  if (tradeFrom === -Infinity) return { times: run.times, equity: run.equity, run };
  let start = 0;
  while (start < run.times.length && run.times[start] < tradeFrom) start++;
  return { times: run.times.subarray(start), equity: run.equity.subarray(start), run };
}

/** Evaluates trials in order; the same inputs give the same outcomes on any thread. */
export function evaluateTrials(
  context: EvaluationContext,
  trials: readonly Trial[],
  series: readonly BarSeries[],
  window: TimeWindow | null,
  worker?: string,
): TrialOutcome[] {
  return trials.map((trial) => {
    const raw = runTrial(context, trial.params, series, window);
    return summariseTrial(context, trial, raw, worker);
  });
}

/** The outcome of one run: objective inputs, per-period Sharpe and block returns. */
export function summariseTrial(
  context: EvaluationContext,
  trial: Trial,
  raw: RawRun,
  worker?: string,
): TrialOutcome {
  const { times, equity, run } = raw;
  const n = equity.length;
  const returns = simpleReturns(equity);
  const rf = periodRate(context.riskFreeRate, TRADING_DAYS_PER_YEAR);
  const first = n > 0 ? equity[0] : NaN;
  const last = n > 0 ? equity[n - 1] : NaN;
  const years = n > 1 ? yearsBetween(times[0], times[n - 1]) : 0;
  const growth = cagr(first, last, years);
  const drawdown = maxDrawdown(equity);
  const daily = periodSharpe(returns, rf);
  const tradeFrom = n > 0 ? times[0] : Infinity;
  const trades = run.trades.filter((t) => t.exitTime >= tradeFrom);
  let winners = 0;
  for (const t of trades) if (t.pnl > 0) winners++;
  let inMarket = 0;
  const offset = run.times.length - n;
  for (let i = 0; i < n; i++) if (run.exposure[offset + i] > 0) inMarket++;
  const inputs: ObjectiveInputs = {
    sharpe: daily * Math.sqrt(TRADING_DAYS_PER_YEAR),
    sortino: sortinoRatio(returns, rf, TRADING_DAYS_PER_YEAR),
    calmar: drawdown > 0 ? growth / drawdown : NaN,
    return: last / first - 1,
    cagr: growth,
    maxDrawdown: drawdown,
    volatility: annualisedVolatility(returns, TRADING_DAYS_PER_YEAR),
    trades: trades.length,
    winRate: trades.length > 0 ? winners / trades.length : NaN,
    exposure: n > 0 ? inMarket / n : NaN,
  };
  const metrics = Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [key, finite(value)]),
  ) as TrialOutcome['metrics'];
  return {
    index: trial.index,
    params: trial.params,
    objective: finite(context.objective.evaluate(inputs)),
    metrics,
    periodSharpe: finite(daily),
    blockReturns: blockReturns(equity, context.blockSize),
    ...(worker === undefined ? {} : { worker }),
  };
}

/** Largest peak-to-trough fall as a positive fraction (0 when equity never falls). */
export function maxDrawdown(equity: ArrayLike<number>): number {
  let peak = -Infinity;
  let worst = 0;
  for (let i = 0; i < equity.length; i++) {
    const v = equity[i];
    if (v > peak) peak = v;
    else if (peak > 0) worst = Math.max(worst, (peak - v) / peak);
  }
  return worst;
}

/** Compounded return of each consecutive block of `size` bars (the last block may be short). */
export function blockReturns(equity: ArrayLike<number>, size: number): number[] {
  const out: number[] = [];
  for (let start = 0; start + 1 < equity.length; start += size) {
    const end = Math.min(equity.length - 1, start + size);
    const base = equity[start];
    out.push(base > 0 ? equity[end] / base - 1 : 0);
  }
  return out;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function createEvaluationContext(
  input: Omit<EvaluationContext, 'cache' | 'blockSize'> & { blockSize?: number },
): EvaluationContext {
  const bars = Math.max(...input.series.map((s) => s.length));
  return {
    ...input,
    blockSize: input.blockSize ?? blockSizeFor(bars),
    cache: new IndicatorCache(),
  };
}
