import { assertPeriod, outputArray } from './checks.ts';

/**
 * Exponential moving average with smoothing factor k = 2 / (period + 1).
 *
 * Reading it: like the SMA but weighting recent bars more, so it turns sooner. As in TA-Lib,
 * the first value (index period - 1) is the SMA of the first `period` values, and each later
 * value is ema += (value - ema) * k.
 */
export function ema(values: Float64Array, period: number): Float64Array {
  assertPeriod('period', period);
  const n = values.length;
  const out = outputArray(n, period - 1);
  if (n < period) return out;
  const k = 2 / (period + 1);
  let sum = 0;
  for (let i = 0; i < period; i++) sum += values[i];
  let prev = sum / period;
  out[period - 1] = prev;
  for (let i = period; i < n; i++) {
    prev = (values[i] - prev) * k + prev;
    out[i] = prev;
  }
  return out;
}

export class EmaStream {
  private readonly period: number;
  private readonly k: number;
  private count = 0;
  private sum = 0;
  private prev = NaN;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
    this.k = 2 / (period + 1);
  }

  update(value: number): number {
    if (this.count >= this.period) {
      this.prev = (value - this.prev) * this.k + this.prev;
      return this.prev;
    }
    this.sum += value;
    if (++this.count < this.period) return NaN;
    this.prev = this.sum / this.period;
    return this.prev;
  }
}
