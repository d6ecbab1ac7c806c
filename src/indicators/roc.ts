import { assertPeriod, outputArray } from './checks.ts';

/**
 * Rate of change as a fraction: x_t / x_(t - period) - 1 (0.05 = up 5 % over `period` bars;
 * TA-Lib ROCR minus one, or ROC / 100).
 *
 * Reading it: raw momentum; above zero the price is higher than `period` bars ago.
 * First value at index `period`.
 */
export function roc(values: Float64Array, period: number): Float64Array {
  assertPeriod('period', period);
  const n = values.length;
  const out = outputArray(n, period);
  for (let i = period; i < n; i++) out[i] = values[i] / values[i - period] - 1;
  return out;
}

export class RocStream {
  private readonly period: number;
  private readonly window: Float64Array;
  private head = 0;
  private count = 0;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
    this.window = new Float64Array(period);
  }

  update(value: number): number {
    // The slot at head holds the value from `period` bars ago once the window is full.
    const past = this.window[this.head];
    this.window[this.head] = value;
    if (++this.head === this.period) this.head = 0;
    if (this.count < this.period) {
      this.count++;
      return NaN;
    }
    return value / past - 1;
  }
}
