/** Small descriptive statistics shared by the metric modules. Empty input gives NaN. */

export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

/** Sample variance (divisor n - 1); NaN below two values. */
export function sampleVariance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    sum += d * d;
  }
  return sum / (n - 1);
}

/** Sample standard deviation (divisor n - 1); NaN below two values. */
export function sampleStdev(values: ArrayLike<number>): number {
  return Math.sqrt(sampleVariance(values));
}

/** Sample covariance (divisor n - 1) of two equally long series; NaN below two values. */
export function sampleCovariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (x[i] - mx) * (y[i] - my);
  return sum / (n - 1);
}

export interface Moments {
  readonly mean: number;
  /** Central moments with divisor n (population form). */
  readonly m2: number;
  readonly m3: number;
  readonly m4: number;
}

/** Mean and 2nd-4th central moments (divisor n) in two passes, without Math.pow. */
export function moments(values: ArrayLike<number>): Moments {
  const n = values.length;
  if (n === 0) return { mean: NaN, m2: NaN, m3: NaN, m4: NaN };
  const m = mean(values);
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { mean: m, m2: s2 / n, m3: s3 / n, m4: s4 / n };
}

/** Linear-interpolation quantile (numpy's default, Hyndman-Fan type 7) of SORTED values. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Turns NaN and +-Infinity into null, for JSON-safe metric values. */
export function finiteOrNull(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value; // -0 prints as 0 in JSON anyway; keep comparisons simple
}
