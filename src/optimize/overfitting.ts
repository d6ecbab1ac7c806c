import { probabilityOfBacktestOverfitting } from '../analytics/pbo.ts';
import { shapeStats } from '../analytics/risk.ts';
import { periodSharpe } from '../analytics/ratios.ts';
import {
  deflatedSharpeRatio,
  expectedMaxSharpe,
  probabilisticSharpeRatio,
} from '../analytics/sharpe-stats.ts';
import { sampleVariance } from '../analytics/stats.ts';
import { TRADING_DAYS_PER_YEAR } from '../domain/time.ts';
import type { TrialOutcome } from './evaluate.ts';
import { paramKey, type ParamAxis, type ParamSet, type ParamValue } from './space.ts';

/**
 * The statistics that tell a lucky sweep winner from a robust one (formulas: docs/metrics.md,
 * usage: docs/optimization.md).
 */
export interface OverfittingStats {
  /** Parameter sets tried (N in the deflated Sharpe ratio). */
  readonly trials: number;
  /** Variance of the trials' annualised Sharpe ratios. */
  readonly trialSharpeVariance: number | null;
  /** Annualised Sharpe the best of N skill-less trials would reach by luck. */
  readonly expectedMaxSharpe: number | null;
  /** The best trial's annualised Sharpe, PSR against 0 and DSR against expectedMaxSharpe. */
  readonly bestSharpe: number | null;
  readonly probabilisticSharpe: number | null;
  readonly deflatedSharpe: number | null;
  readonly pbo: PboSummary | null;
  readonly stability: Stability | null;
}

export interface PboSummary {
  /** Share of CSCV splits whose in-sample winner is at or below the out-of-sample median. */
  readonly pbo: number;
  readonly partitions: number;
  readonly combinations: number;
  /** Bars per period of the trial-by-period return matrix. */
  readonly periodBars: number;
  readonly periods: number;
  /** Median logit of the chosen trials' out-of-sample rank (> 0: better than the median). */
  readonly medianLogit: number;
}

export interface Stability {
  readonly best: number | null;
  /** Grid points one step away from the best on one or more axes (the valid, evaluated ones). */
  readonly neighbours: number;
  readonly neighbourMean: number | null;
  readonly neighbourMin: number | null;
  readonly neighbourMax: number | null;
  /** neighbourMean / best: near 1 is a plateau, far below 1 a lone peak. */
  readonly ratio: number | null;
  /** The objective along each swept axis, the other parameters held at the best point. */
  readonly profiles: readonly {
    readonly name: string;
    readonly values: readonly ParamValue[];
    readonly objectives: readonly (number | null)[];
  }[];
}

const annualise = Math.sqrt(TRADING_DAYS_PER_YEAR);

/**
 * Computes every statistic from the trials and the best trial's daily returns. `bestReturns`
 * must come from the same run as the best outcome (the sweep re-runs it for full metrics).
 */
export function overfittingStats(
  outcomes: readonly TrialOutcome[],
  best: TrialOutcome | null,
  bestReturns: Float64Array | null,
  axes: readonly ParamAxis[],
  blockSize: number,
): OverfittingStats {
  const sharpes = outcomes
    .map((o) => o.periodSharpe)
    .filter((s): s is number => s !== null && Number.isFinite(s));
  const variance = sharpes.length > 1 ? sampleVariance(sharpes) : NaN;
  let psr = NaN;
  let dsr = NaN;
  let bestSharpe = NaN;
  if (bestReturns && bestReturns.length > 2) {
    const shape = shapeStats(bestReturns);
    const sample = {
      sharpe: periodSharpe(bestReturns),
      observations: bestReturns.length,
      skew: shape.populationSkew,
      kurtosis: shape.populationKurtosis,
    };
    bestSharpe = sample.sharpe * annualise;
    psr = probabilisticSharpeRatio(sample, 0);
    dsr = deflatedSharpeRatio(
      sample,
      outcomes.length,
      Number.isFinite(variance) ? variance : undefined,
    );
  }
  const maxSharpe = Number.isFinite(variance)
    ? expectedMaxSharpe(outcomes.length, variance) * annualise
    : NaN;
  return {
    trials: outcomes.length,
    trialSharpeVariance: finite(variance * TRADING_DAYS_PER_YEAR),
    expectedMaxSharpe: finite(maxSharpe),
    bestSharpe: finite(bestSharpe),
    probabilisticSharpe: finite(psr),
    deflatedSharpe: finite(dsr),
    pbo: pboSummary(outcomes, blockSize),
    stability: best ? stability(outcomes, best, axes) : null,
  };
}

/** PBO by CSCV over the trials' block returns; null when there are too few trials or periods. */
export function pboSummary(
  outcomes: readonly TrialOutcome[],
  blockSize: number,
): PboSummary | null {
  if (outcomes.length < 2) return null;
  const periods = Math.min(...outcomes.map((o) => o.blockReturns.length));
  // 16 blocks give C(16,8) = 12,870 splits; for big sweeps 8 blocks (70 splits) keep it quick.
  let partitions = outcomes.length <= 2_000 ? 16 : 8;
  while (partitions >= 2 && periods < 2 * partitions) partitions -= 2;
  if (partitions < 2) return null;
  const matrix = outcomes.map((o) => Float64Array.from(o.blockReturns.slice(0, periods)));
  const result = probabilityOfBacktestOverfitting(matrix, partitions, { metric: 'sharpe' });
  const logits = Array.from(result.logits).sort((a, b) => a - b);
  const mid = logits.length >> 1;
  const median = logits.length % 2 ? logits[mid] : (logits[mid - 1] + logits[mid]) / 2;
  return {
    pbo: result.pbo,
    partitions,
    combinations: result.combinations,
    periodBars: blockSize,
    periods,
    medianLogit: median,
  };
}

/** The objective around the best point: its grid neighbours and one profile per axis. */
export function stability(
  outcomes: readonly TrialOutcome[],
  best: TrialOutcome,
  axes: readonly ParamAxis[],
): Stability {
  const byKey = new Map(outcomes.map((o) => [paramKey(o.params), o]));
  const position = axes.map((axis) => axis.values.findIndex((v) => v === best.params[axis.name]));
  const lookup = (indexes: readonly number[]): TrialOutcome | undefined => {
    if (indexes.some((ix, a) => ix < 0 || ix >= axes[a].values.length)) return undefined;
    const params: Record<string, ParamValue> = { ...best.params };
    indexes.forEach((ix, a) => (params[axes[a].name] = axes[a].values[ix]));
    return byKey.get(paramKey(params as ParamSet));
  };
  const neighbours: number[] = [];
  // All offsets in {-1, 0, 1}^k except the centre (k <= 6 keeps this at most 728 lookups).
  const k = Math.min(axes.length, 6);
  const total = 3 ** k;
  for (let code = 0; code < total; code++) {
    let rest = code;
    const offsets: number[] = [];
    for (let a = 0; a < k; a++) {
      offsets.push((rest % 3) - 1);
      rest = Math.floor(rest / 3);
    }
    if (offsets.every((o) => o === 0)) continue;
    const indexes = position.map((p, a) => p + (offsets[a] ?? 0));
    const found = lookup(indexes);
    if (found && found.objective !== null) neighbours.push(found.objective);
  }
  const mean = neighbours.length ? neighbours.reduce((s, v) => s + v, 0) / neighbours.length : NaN;
  const profiles = axes.map((axis, a) => ({
    name: axis.name,
    values: axis.values,
    objectives: axis.values.map((_, ix) => {
      const indexes = position.map((p, b) => (b === a ? ix : p));
      return lookup(indexes)?.objective ?? null;
    }),
  }));
  const centre = best.objective;
  return {
    best: centre,
    neighbours: neighbours.length,
    neighbourMean: finite(mean),
    neighbourMin: neighbours.length ? Math.min(...neighbours) : null,
    neighbourMax: neighbours.length ? Math.max(...neighbours) : null,
    ratio: centre !== null && centre !== 0 ? finite(mean / centre) : null,
    profiles,
  };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
