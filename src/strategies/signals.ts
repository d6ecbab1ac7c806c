/** Small causal helpers shared by the strategies. Every one reads indexes <= i only. */

function valueAt(series: ArrayLike<number> | number, i: number): number {
  return typeof series === 'number' ? series : series[i];
}

/** True when `a` closes above `b` on bar i after being at or below it on bar i - 1. */
export function crossAbove(
  a: ArrayLike<number>,
  b: ArrayLike<number> | number,
  i: number,
): boolean {
  if (i < 1) return false;
  const prevA = a[i - 1];
  const prevB = valueAt(b, i - 1);
  const curA = a[i];
  const curB = valueAt(b, i);
  // NaN comparisons are false, so warm-up bars never produce a cross.
  return prevA <= prevB && curA > curB;
}

/** True when `a` closes below `b` on bar i after being at or above it on bar i - 1. */
export function crossBelow(
  a: ArrayLike<number>,
  b: ArrayLike<number> | number,
  i: number,
): boolean {
  if (i < 1) return false;
  const prevA = a[i - 1];
  const prevB = valueAt(b, i - 1);
  const curA = a[i];
  const curB = valueAt(b, i);
  return prevA >= prevB && curA < curB;
}

/** The value one bar back (e.g. the channel high of the bars before today), NaN at bar 0. */
export function previous(series: ArrayLike<number>, i: number): number {
  return i > 0 ? series[i - 1] : NaN;
}

/** Whole shares that risk `riskPercent` % of equity when one share risks `riskPerShare`. */
export function riskSizedQuantity(
  equity: number,
  riskPercent: number,
  riskPerShare: number,
): number {
  if (!(equity > 0) || !(riskPerShare > 0)) return 0;
  return Math.floor(((riskPercent / 100) * equity) / riskPerShare);
}
