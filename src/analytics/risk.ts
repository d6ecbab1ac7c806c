import { centralMoment, quantileSorted } from './stats.ts';

/**
 * Historical value at risk of period returns at `level` (0.95 -> the 5 % quantile), as a
 * POSITIVE loss fraction: VaR = -q where q is the type-7 (linear interpolation) quantile at
 * 1 - level. Negative when even the bad tail is a gain. NaN without returns.
 */
export function historicalVar(returns: ArrayLike<number>, level = 0.95): number {
  if (returns.length === 0) return NaN;
  const sorted = Float64Array.from(returns).sort();
  return -quantileSorted(sorted, 1 - level);
}

/**
 * Historical conditional VaR (expected shortfall): minus the mean of the returns at or below
 * the VaR quantile q. Always >= VaR. NaN without returns.
 */
export function historicalCvar(returns: ArrayLike<number>, level = 0.95): number {
  if (returns.length === 0) return NaN;
  const sorted = Float64Array.from(returns).sort();
  const q = quantileSorted(sorted, 1 - level);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < sorted.length && sorted[i] <= q; i++) {
    sum += sorted[i];
    count++;
  }
  return -(sum / count);
}

/**
 * Sample-adjusted skewness (Fisher-Pearson G1, as Excel SKEW and pandas skew):
 * G1 = sqrt(n(n-1)) / (n-2) x m3 / m2^1.5, with m_k the central moments with divisor n.
 * NaN below 3 values or with zero variance.
 */
export function skewness(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 3) return NaN;
  const m2 = centralMoment(values, 2);
  if (!(m2 > 0)) return NaN;
  const g1 = centralMoment(values, 3) / m2 ** 1.5;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * g1;
}

/**
 * Sample-adjusted EXCESS kurtosis (G2, as Excel KURT and pandas kurt):
 * G2 = (n-1) / ((n-2)(n-3)) x ((n+1) g2 + 6), g2 = m4 / m2^2 - 3. A normal sample gives ~0.
 * NaN below 4 values or with zero variance.
 */
export function excessKurtosis(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 4) return NaN;
  const m2 = centralMoment(values, 2);
  if (!(m2 > 0)) return NaN;
  const g2 = centralMoment(values, 4) / (m2 * m2) - 3;
  return ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6);
}

/** Population (biased) skewness m3 / m2^1.5, the estimator of Bailey & Lopez de Prado. */
export function populationSkewness(values: ArrayLike<number>): number {
  const m2 = centralMoment(values, 2);
  if (!(m2 > 0)) return NaN;
  return centralMoment(values, 3) / m2 ** 1.5;
}

/** Population (biased) kurtosis m4 / m2^2, NOT excess (a normal sample gives ~3). */
export function populationKurtosis(values: ArrayLike<number>): number {
  const m2 = centralMoment(values, 2);
  if (!(m2 > 0)) return NaN;
  return centralMoment(values, 4) / (m2 * m2);
}
