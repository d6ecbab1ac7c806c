import { TRADING_DAYS_PER_YEAR } from '../domain/time.ts';
import { mean, sampleCovariance, sampleStdev, sampleVariance } from './stats.ts';

/**
 * Paired portfolio and benchmark returns over the same spans. For consecutive bars i < j where
 * the benchmark has a usable value (finite and > 0) and nothing usable in between, the pair is
 * (equity[j] / equity[i] - 1, benchmark[j] / benchmark[i] - 1): a missing benchmark day merges
 * two periods on both sides, so the two returns always cover the same time.
 */
export function alignedReturns(
  equity: ArrayLike<number>,
  benchmark: ArrayLike<number>,
): { portfolio: Float64Array; benchmark: Float64Array } {
  const n = Math.min(equity.length, benchmark.length);
  const portfolio = new Float64Array(Math.max(0, n - 1));
  const bench = new Float64Array(Math.max(0, n - 1));
  let count = 0;
  let last = -1;
  for (let j = 0; j < n; j++) {
    const b = benchmark[j];
    if (!(Number.isFinite(b) && b > 0)) continue;
    if (last >= 0) {
      portfolio[count] = equity[last] > 0 ? equity[j] / equity[last] - 1 : 0;
      bench[count] = b / benchmark[last] - 1;
      count++;
    }
    last = j;
  }
  return { portfolio: portfolio.subarray(0, count), benchmark: bench.subarray(0, count) };
}

export interface BenchmarkStats {
  /** Annualised Jensen's alpha: (mean(rp - rf) - beta x mean(rb - rf)) x periodsPerYear. */
  readonly alpha: number;
  /** cov(rp, rb) / var(rb), sample estimators. */
  readonly beta: number;
  /** Pearson correlation of rp and rb. */
  readonly correlation: number;
  /** Annualised tracking error: sample stdev(rp - rb) x sqrt(periodsPerYear). */
  readonly trackingError: number;
  /** mean(rp - rb) / stdev(rp - rb) x sqrt(periodsPerYear). */
  readonly informationRatio: number;
  /** Benchmark total return from its first to its last usable value. */
  readonly benchmarkReturn: number;
  /** Number of paired periods. */
  readonly periods: number;
}

/** NaN fields where undefined (fewer than two pairs, a flat benchmark, no active risk). */
export function benchmarkStats(
  equity: ArrayLike<number>,
  benchmark: ArrayLike<number>,
  ratePerPeriod = 0,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): BenchmarkStats {
  const pairs = alignedReturns(equity, benchmark);
  const rp = pairs.portfolio;
  const rb = pairs.benchmark;
  const varB = sampleVariance(rb);
  const beta = varB > 0 ? sampleCovariance(rp, rb) / varB : NaN;
  const alpha = (mean(rp) - ratePerPeriod - beta * (mean(rb) - ratePerPeriod)) * periodsPerYear;
  const active = new Float64Array(rp.length);
  for (let i = 0; i < rp.length; i++) active[i] = rp[i] - rb[i];
  const activeSd = sampleStdev(active);
  const sdP = sampleStdev(rp);
  const sdB = Math.sqrt(varB);
  // Rounding noise (a portfolio that IS the benchmark) must not yield a ratio of noise to noise.
  const hasActiveRisk = activeSd > 1e-12 * Math.max(sdP, sdB);
  return {
    alpha,
    beta,
    correlation: sdP > 0 && sdB > 0 ? sampleCovariance(rp, rb) / (sdP * sdB) : NaN,
    trackingError: activeSd * Math.sqrt(periodsPerYear),
    informationRatio: hasActiveRisk ? (mean(active) / activeSd) * Math.sqrt(periodsPerYear) : NaN,
    benchmarkReturn: seriesTotalReturn(benchmark),
    periods: rp.length,
  };
}

/** last usable / first usable - 1 of a price or equity series (usable: finite and > 0); NaN with
 * fewer than two usable values. */
export function seriesTotalReturn(benchmark: ArrayLike<number>): number {
  let first = NaN;
  let last = NaN;
  let count = 0;
  for (let i = 0; i < benchmark.length; i++) {
    const b = benchmark[i];
    if (!(Number.isFinite(b) && b > 0)) continue;
    if (count === 0) first = b;
    last = b;
    count++;
  }
  return count >= 2 ? last / first - 1 : NaN;
}
