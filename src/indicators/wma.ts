import { assertPeriod, outputArray } from './checks.ts';

/**
 * Weighted moving average: linear weights 1..period, the newest value weighing `period`.
 * wma = sum(i * x_i) / (period * (period + 1) / 2).
 *
 * Reading it: a moving average with less lag than the SMA of the same length and smoother
 * than the EMA. First value at index period - 1 (TA-Lib WMA).
 *
 * O(n): the weighted sum loses the plain window sum each step (every weight drops by one)
 * and gains period * newest.
 */
export function wma(values: Float64Array, period: number): Float64Array {
  assertPeriod('period', period);
  const n = values.length;
  const out = outputArray(n, period - 1);
  const divisor = (period * (period + 1)) / 2;
  let sum = 0;
  let weighted = 0;
  const seedEnd = Math.min(period - 1, n);
  for (let i = 0; i < seedEnd; i++) {
    sum += values[i];
    weighted += values[i] * (i + 1);
  }
  for (let i = period - 1; i < n; i++) {
    const value = values[i];
    sum += value;
    weighted += value * period;
    out[i] = weighted / divisor;
    weighted -= sum;
    sum -= values[i - period + 1];
  }
  return out;
}

export class WmaStream {
  private readonly period: number;
  private readonly divisor: number;
  private readonly window: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private weighted = 0;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
    this.divisor = (period * (period + 1)) / 2;
    this.window = new Float64Array(period);
  }

  update(value: number): number {
    this.window[this.head] = value;
    if (++this.head === this.period) this.head = 0;
    if (this.count < this.period - 1) {
      this.count++;
      this.sum += value;
      this.weighted += value * this.count;
      return NaN;
    }
    this.count = this.period;
    this.sum += value;
    this.weighted += value * this.period;
    const result = this.weighted / this.divisor;
    this.weighted -= this.sum;
    this.sum -= this.window[this.head];
    return result;
  }
}
