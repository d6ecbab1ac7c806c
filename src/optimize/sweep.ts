import { runBacktestOnSeries } from '../app/backtest-run.ts';
import { simpleReturns } from '../analytics/returns.ts';
import { periodSharpe } from '../analytics/ratios.ts';
import { unionCalendar } from '../backtest/calendar.ts';
import type { Metrics } from '../analytics/metrics.ts';
import { rangeBarSeries, type BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { toIsoDate } from '../domain/time.ts';
import type { ChunkPayload } from './chunk.ts';
import {
  blockSizeFor,
  createEvaluationContext,
  runTrial,
  summariseTrial,
  maxDrawdown,
  type TimeWindow,
  type TrialOutcome,
} from './evaluate.ts';
import type { SweepExecutor } from './executors.ts';
import { buildHeatmap, type Heatmap } from './heatmap.ts';
import { overfittingStats, type OverfittingStats } from './overfitting.ts';
import type { ParamSet, ParamValue, Trial } from './space.ts';
import { prepareSweep, type PreparedSweep, type SweepSpec } from './spec.ts';
import {
  inSampleWindow,
  outOfSampleWindow,
  stitchEquity,
  walkForwardWindows,
} from './walk-forward.ts';

/** One row of the ranked table. */
export interface RankedTrial {
  readonly rank: number;
  readonly index: number;
  readonly params: ParamSet;
  readonly objective: number | null;
  readonly metrics: TrialOutcome['metrics'];
}

export interface WalkForwardWindowResult {
  readonly index: number;
  readonly inSample: { readonly start: string; readonly end: string; readonly bars: number };
  readonly outOfSample: { readonly start: string; readonly end: string; readonly bars: number };
  /** Chosen on the in-sample window only, then applied unchanged out of sample. */
  readonly params: ParamSet;
  readonly inSampleObjective: number | null;
  readonly outOfSampleObjective: number | null;
  readonly outOfSampleReturn: number | null;
}

export interface WalkForwardResult {
  readonly mode: 'rolling' | 'anchored';
  readonly inSampleBars: number;
  readonly outOfSampleBars: number;
  readonly windows: readonly WalkForwardWindowResult[];
  /** Out-of-sample equity of every window chained into one curve. */
  readonly equity: readonly { readonly time: string; readonly value: number }[];
  readonly totalReturn: number | null;
  readonly sharpe: number | null;
  readonly maxDrawdown: number | null;
  /** Mean out-of-sample objective / mean in-sample objective (walk-forward efficiency). */
  readonly efficiency: number | null;
}

/** The sweep's answer: identical for the same spec whatever executed it. */
export interface SweepResult {
  readonly strategy: string;
  readonly objective: string;
  readonly search: {
    readonly method: 'grid' | 'random';
    readonly axes: readonly { readonly name: string; readonly values: readonly ParamValue[] }[];
    readonly gridSize: number;
    readonly trials: number;
    readonly rejected: number;
    readonly seed: number | null;
  };
  readonly data: {
    readonly symbols: readonly string[];
    readonly start: string;
    readonly end: string;
    readonly bars: number;
  };
  /** Best first; ties keep enumeration order. Cut to `top` rows (all with top = 0). */
  readonly ranked: readonly RankedTrial[];
  readonly best: {
    readonly params: ParamSet;
    readonly objective: number | null;
    /** Full metrics of the best parameters over the whole range (as `microcap backtest`). */
    readonly metrics: Metrics;
  } | null;
  readonly overfitting: OverfittingStats;
  readonly heatmap: Heatmap | null;
  readonly walkForward: WalkForwardResult | null;
}

export interface SweepRun {
  readonly result: SweepResult;
  /** Every trial's outcome over the whole range, in enumeration order. */
  readonly outcomes: readonly TrialOutcome[];
  /** How the work was spread (not part of the deterministic result). */
  readonly execution: {
    readonly executor: string;
    readonly chunks: number;
    readonly workers: Readonly<Record<string, number>>;
    readonly elapsedMs: number;
  };
}

export interface SweepOptions {
  /** Called as chunks finish: done and total chunks (all windows included). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs a sweep: enumerates the trials, hands them to the executor in fixed-size chunks, ranks
 * the outcomes, adds the overfitting statistics and the heatmap, and (with a walk-forward spec)
 * picks parameters on each in-sample window and applies them to the next out-of-sample one.
 * `series` must be the spec's data (the executor's workers load or receive the same bars).
 */
export async function runSweep(
  spec: SweepSpec,
  series: readonly BarSeries[],
  executor: SweepExecutor,
  options: SweepOptions = {},
): Promise<SweepRun> {
  const started = performance.now();
  const prepared = prepareSweep(spec);
  const calendar = unionCalendar(series);
  const blockSize = blockSizeFor(calendar.length);
  const windows = spec.walkForward ? walkForwardWindows(calendar.length, spec.walkForward) : [];
  if (spec.walkForward && windows.length === 0) {
    throw new InputError(
      'walk-forward',
      `${spec.walkForward.inSample}:${spec.walkForward.outOfSample}`,
      `needs more bars than the in-sample window (the data has ${calendar.length})`,
    );
  }
  // Unit of work: (window, chunk of trials). The whole range is window null.
  const ranges: (TimeWindow | null)[] = [null, ...windows.map((w) => inSampleWindow(w, calendar))];
  const chunks: ChunkPayload[] = [];
  const owners: number[] = [];
  ranges.forEach((window, r) => {
    for (let i = 0; i < prepared.search.trials.length; i += prepared.chunkSize) {
      const trials = prepared.search.trials.slice(i, i + prepared.chunkSize);
      chunks.push({ spec, trials, window, blockSize });
      owners.push(r);
    }
  });
  const perChunk = await executor.run(chunks, options.onProgress, options.signal);
  const byRange: TrialOutcome[][] = ranges.map(() => []);
  perChunk.forEach((outcomes, c) => byRange[owners[c]].push(...outcomes));
  const workers: Record<string, number> = {};
  for (const outcomes of perChunk) {
    for (const o of outcomes) if (o.worker) workers[o.worker] = (workers[o.worker] ?? 0) + 1;
  }
  const outcomes = byRange[0].map(stripWorker);
  checkComplete(outcomes, prepared.search.trials);

  const ranked = rank(outcomes);
  const bestOutcome = ranked[0]?.objective === null ? null : (ranked[0] ?? null);
  const context = createEvaluationContext({
    strategy: spec.strategy,
    series,
    config: prepared.config,
    objective: prepared.objective,
    riskFreeRate: prepared.riskFreeRate,
    blockSize,
  });
  let best: SweepResult['best'] = null;
  let bestReturns: Float64Array | null = null;
  if (bestOutcome) {
    const outcome = runBacktestOnSeries(
      spec.strategy,
      { strategy: spec.strategy, data: spec.data, params: bestOutcome.params, ...spec.backtest },
      prepared.config,
      series,
      null,
      false,
    );
    bestReturns = simpleReturns(outcome.run.equity);
    best = {
      params: bestOutcome.params,
      objective: bestOutcome.objective,
      metrics: outcome.result.metrics as Metrics,
    };
  }
  const top = spec.top ?? 20;
  const walkForward = spec.walkForward
    ? walkForwardResult(prepared, windows, byRange.slice(1), calendar, context, series)
    : null;
  const result: SweepResult = {
    strategy: spec.strategy,
    objective: prepared.objective.text,
    search: {
      method: spec.random === undefined ? 'grid' : 'random',
      axes: prepared.axes.map((a) => ({ name: a.name, values: a.values })),
      gridSize: prepared.search.gridSize,
      trials: prepared.search.trials.length,
      rejected: prepared.search.rejected,
      seed: spec.random === undefined ? null : (spec.seed ?? 1),
    },
    data: {
      symbols: series.map((s) => s.symbol),
      start: toIsoDate(calendar[0]),
      end: toIsoDate(calendar[calendar.length - 1]),
      bars: calendar.length,
    },
    ranked: (top === 0 ? ranked : ranked.slice(0, top)).map((o, i) => ({
      rank: i + 1,
      index: o.index,
      params: o.params,
      objective: o.objective,
      metrics: o.metrics,
    })),
    best,
    overfitting: overfittingStats(outcomes, bestOutcome, bestReturns, prepared.axes, blockSize),
    heatmap: buildHeatmap(outcomes, prepared.axes),
    walkForward,
  };
  return {
    result,
    outcomes,
    execution: {
      executor: executor.name,
      chunks: chunks.length,
      workers,
      elapsedMs: performance.now() - started,
    },
  };
}

/** Best objective first; undefined objectives last; ties in enumeration order. */
export function rank(outcomes: readonly TrialOutcome[]): TrialOutcome[] {
  return [...outcomes].sort((a, b) => {
    if (a.objective === null || b.objective === null) {
      if (a.objective !== b.objective) return a.objective === null ? 1 : -1;
      return a.index - b.index;
    }
    return b.objective - a.objective || a.index - b.index;
  });
}

function stripWorker(outcome: TrialOutcome): TrialOutcome {
  if (outcome.worker === undefined) return outcome;
  const { worker: _worker, ...rest } = outcome;
  return rest;
}

function checkComplete(outcomes: readonly TrialOutcome[], trials: readonly Trial[]): void {
  if (outcomes.length !== trials.length) {
    throw new Error(`sweep returned ${outcomes.length} outcomes for ${trials.length} trials`);
  }
  outcomes.forEach((o, i) => {
    if (o.index !== trials[i].index) throw new Error(`sweep outcome ${i} is for trial ${o.index}`);
  });
}

function walkForwardResult(
  prepared: PreparedSweep,
  windows: ReturnType<typeof walkForwardWindows>,
  inSample: readonly TrialOutcome[][],
  calendar: Float64Array,
  context: ReturnType<typeof createEvaluationContext>,
  series: readonly BarSeries[],
): WalkForwardResult {
  const wf = prepared.spec.walkForward as NonNullable<SweepSpec['walkForward']>;
  const segments: { times: Float64Array; equity: Float64Array }[] = [];
  const results: WalkForwardWindowResult[] = windows.map((w, k) => {
    // The choice sees only this window's in-sample outcomes.
    const chosen = rank(inSample[k])[0];
    const window = outOfSampleWindow(w, calendar);
    const oosSeries = series
      .map((s) => rangeBarSeries(s, window.from, window.to))
      .filter((s) => s.length > 0);
    const raw = runTrial(context, chosen.params, oosSeries, window);
    segments.push({ times: raw.times, equity: raw.equity });
    const oos = summariseTrial(context, { index: k, params: chosen.params }, raw);
    return {
      index: w.index,
      inSample: span(calendar, w.isStart, w.isEnd),
      outOfSample: span(calendar, w.oosStart, w.oosEnd),
      params: chosen.params,
      inSampleObjective: chosen.objective,
      outOfSampleObjective: oos.objective,
      outOfSampleReturn: oos.metrics.return,
    };
  });
  const stitched = stitchEquity(segments, prepared.config.initialCapital);
  const values = stitched.values;
  const returns = simpleReturns(values);
  const isMean = meanOf(results.map((r) => r.inSampleObjective));
  const oosMean = meanOf(results.map((r) => r.outOfSampleObjective));
  return {
    mode: wf.anchored ? 'anchored' : 'rolling',
    inSampleBars: wf.inSample,
    outOfSampleBars: wf.outOfSample,
    windows: results,
    equity: stitched.times.map((t, i) => ({ time: toIsoDate(t), value: values[i] })),
    totalReturn: values.length ? finite(values[values.length - 1] / values[0] - 1) : null,
    sharpe: finite(periodSharpe(returns) * Math.sqrt(252)),
    maxDrawdown: finite(maxDrawdown(values)),
    efficiency:
      isMean !== null && oosMean !== null && isMean !== 0 ? finite(oosMean / isMean) : null,
  };
}

function span(calendar: Float64Array, start: number, end: number) {
  return {
    start: toIsoDate(calendar[start]),
    end: toIsoDate(calendar[end]),
    bars: end - start + 1,
  };
}

function meanOf(values: readonly (number | null)[]): number | null {
  const finiteValues = values.filter((v): v is number => v !== null);
  if (finiteValues.length === 0) return null;
  return finiteValues.reduce((s, v) => s + v, 0) / finiteValues.length;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
