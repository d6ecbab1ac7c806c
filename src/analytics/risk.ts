import { moments, quantileSorted } from './stats.ts';

export interface TailRisk {
  /** Historical VaR as a positive loss fraction. */
  readonly var: number;
  /** Historical CVaR (expected shortfall) as a positive loss fraction. */
  readonly cvar: number;
}

/**
 * Historical VaR and CVaR of period returns at `level` (0.95 -> the 5 % tail), sorting once.
 * VaR = -q, q the type-7 (linear interpolation) quantile at 1 - level: a POSITIVE loss
 * fraction, negative when even the bad tail is a gain. CVaR = -mean(returns <= q), always
 * >= VaR. NaN without returns.
 */
export function tailRisk(returns: ArrayLike<number>, level = 0.95): TailRisk {
  if (returns.length === 0) return { var: NaN, cvar: NaN };
  const sorted = Float64Array.from(returns).sort();
  const q = quantileSorted(sorted, 1 - level);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < sorted.length && sorted[i] <= q; i++) {
    sum += sorted[i];
    count++;
  }
  return { var: -q, cvar: -(sum / count) };
}

/** Historical VaR (see tailRisk). */
export function historicalVar(returns: ArrayLike<number>, level = 0.95): number {
  return tailRisk(returns, level).var;
}

/** Historical CVaR (see tailRisk). */
export function historicalCvar(returns: ArrayLike<number>, level = 0.95): number {
  return tailRisk(returns, level).cvar;
}

export interface ShapeStats {
  /** Sample-adjusted skewness G1; NaN below 3 values. */
  readonly skew: number;
  /** Sample-adjusted excess kurtosis G2; NaN below 4 values. */
  readonly excessKurtosis: number;
  /** Population skewness m3 / m2^1.5 (Bailey & Lopez de Prado's estimator). */
  readonly populationSkew: number;
  /** Population kurtosis m4 / m2^2, NOT excess (about 3 for normal data). */
  readonly populationKurtosis: number;
}

/**
 * Skewness and kurtosis from one moment pass (m_k: central moments with divisor n):
 * G1 = sqrt(n(n-1)) / (n-2) x m3 / m2^1.5 (Fisher-Pearson, as Excel SKEW and pandas skew);
 * G2 = (n-1) / ((n-2)(n-3)) x ((n+1) g2 + 6), g2 = m4 / m2^2 - 3 (as Excel KURT, pandas kurt).
 * All NaN with zero variance.
 */
export function shapeStats(values: ArrayLike<number>): ShapeStats {
  const n = values.length;
  const { m2, m3, m4 } = moments(values);
  if (!(m2 > 0))
    return { skew: NaN, excessKurtosis: NaN, populationSkew: NaN, populationKurtosis: NaN };
  const g1 = m3 / (m2 * Math.sqrt(m2));
  const kurt = m4 / (m2 * m2);
  return {
    skew: n >= 3 ? (Math.sqrt(n * (n - 1)) / (n - 2)) * g1 : NaN,
    excessKurtosis: n >= 4 ? ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (kurt - 3) + 6) : NaN,
    populationSkew: g1,
    populationKurtosis: kurt,
  };
}

export function skewness(values: ArrayLike<number>): number {
  return shapeStats(values).skew;
}

export function excessKurtosis(values: ArrayLike<number>): number {
  return shapeStats(values).excessKurtosis;
}

export function populationSkewness(values: ArrayLike<number>): number {
  return shapeStats(values).populationSkew;
}

export function populationKurtosis(values: ArrayLike<number>): number {
  return shapeStats(values).populationKurtosis;
}
