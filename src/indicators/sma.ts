import { assertPeriod, outputArray } from './checks.ts';

/**
 * Simple moving average: the plain mean of the last `period` values.
 *
 * Reading it: a smoothed price whose lag is about (period - 1) / 2 bars; price above a rising
 * SMA is the textbook up-trend. First value at index period - 1 (TA-Lib SMA).
 *
 * Both forms keep a running sum: add the new value, divide, then drop the oldest, in that
 * order, so batch and stream produce the same bits.
 */
export function sma(values: Float64Array, period: number): Float64Array {
  assertPeriod('period', period);
  const n = values.length;
  const out = outputArray(n, period - 1);
  let sum = 0;
  const seedEnd = Math.min(period - 1, n);
  for (let i = 0; i < seedEnd; i++) sum += values[i];
  for (let i = period - 1; i < n; i++) {
    sum += values[i];
    out[i] = sum / period;
    sum -= values[i - period + 1];
  }
  return out;
}

export class SmaStream {
  private readonly period: number;
  private readonly window: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
    this.window = new Float64Array(period);
  }

  update(value: number): number {
    this.sum += value;
    this.window[this.head] = value;
    if (++this.head === this.period) this.head = 0;
    if (this.count < this.period) this.count++;
    if (this.count < this.period) return NaN;
    const result = this.sum / this.period;
    // The slot at head now holds the oldest value of the window.
    this.sum -= this.window[this.head];
    return result;
  }
}
