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
  for (let i = 0; i < n; i++) sum += (values[i] - m) ** 2;
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

/** Central moment of order k with divisor n (the population form). */
export function centralMoment(values: ArrayLike<number>, k: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (values[i] - m) ** k;
  return sum / n;
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
