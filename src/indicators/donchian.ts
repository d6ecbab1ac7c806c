import { assertPeriod, assertSameLength, outputArray } from './checks.ts';

/**
 * Rolling highest value over the last `period` bars, the current bar INCLUDED (TA-Lib MAX).
 * A strategy that needs "the high of the previous N days" reads highest[t - 1].
 * O(n) with a monotonic deque of candidate indices. First value at index period - 1.
 */
export function highest(values: Float64Array, period: number): Float64Array {
  return rollingExtreme(values, period, true);
}

/** Rolling lowest value over the last `period` bars, current bar included (TA-Lib MIN). */
export function lowest(values: Float64Array, period: number): Float64Array {
  return rollingExtreme(values, period, false);
}

function rollingExtreme(values: Float64Array, period: number, max: boolean): Float64Array {
  assertPeriod('period', period);
  const n = values.length;
  const out = outputArray(n, period - 1);
  // Indices whose values decrease (max) or increase (min) from head to tail; the head is the
  // extreme of the window. Each index enters and leaves once: O(n). One linear Int32Array
  // (no ring) and one loop per direction keep the hot loop branch-light.
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  if (max) {
    for (let i = 0; i < n; i++) {
      const value = values[i];
      if (tail > head && deque[head] <= i - period) head++;
      while (tail > head && values[deque[tail - 1]] <= value) tail--;
      deque[tail++] = i;
      if (i >= period - 1) out[i] = values[deque[head]];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const value = values[i];
      if (tail > head && deque[head] <= i - period) head++;
      while (tail > head && values[deque[tail - 1]] >= value) tail--;
      deque[tail++] = i;
      if (i >= period - 1) out[i] = values[deque[head]];
    }
  }
  return out;
}

/** Streaming rolling extreme: a ring-buffer monotonic deque holding at most `period` entries. */
class RollingExtremeStream {
  private readonly period: number;
  private readonly max: boolean;
  private readonly values: Float64Array;
  private readonly indices: Float64Array;
  private head = 0;
  private count = 0;
  private seen = 0;

  constructor(period: number, max: boolean) {
    assertPeriod('period', period);
    this.period = period;
    this.max = max;
    this.values = new Float64Array(period);
    this.indices = new Float64Array(period);
  }

  update(value: number): number {
    const size = this.period;
    const i = this.seen++;
    if (this.count > 0 && this.indices[this.head] <= i - size) {
      if (++this.head === size) this.head = 0;
      this.count--;
    }
    let tail = this.head + this.count - 1;
    if (tail >= size) tail -= size;
    while (this.count > 0 && (this.max ? this.values[tail] <= value : this.values[tail] >= value)) {
      this.count--;
      if (--tail < 0) tail = size - 1;
    }
    if (++tail === size) tail = 0;
    this.values[tail] = value;
    this.indices[tail] = i;
    this.count++;
    return i >= size - 1 ? this.values[this.head] : NaN;
  }
}

export class HighestStream {
  private readonly inner: RollingExtremeStream;
  constructor(period: number) {
    this.inner = new RollingExtremeStream(period, true);
  }
  update(value: number): number {
    return this.inner.update(value);
  }
}

export class LowestStream {
  private readonly inner: RollingExtremeStream;
  constructor(period: number) {
    this.inner = new RollingExtremeStream(period, false);
  }
  update(value: number): number {
    return this.inner.update(value);
  }
}

export interface DonchianChannel {
  upper: Float64Array;
  lower: Float64Array;
  middle: Float64Array;
}

export interface DonchianPoint {
  upper: number;
  lower: number;
  middle: number;
}

/**
 * Donchian channel: upper = highest high, lower = lowest low over the last `period` bars
 * (current bar included), middle = (upper + lower) / 2.
 *
 * Reading it: the range the market has traded in; a close through the prior bar's upper band
 * is the classic breakout (four-week rule, turtles). First value at index period - 1.
 */
export function donchian(high: Float64Array, low: Float64Array, period: number): DonchianChannel {
  assertSameLength(high, low);
  const upper = highest(high, period);
  const lower = lowest(low, period);
  const middle = outputArray(high.length, period - 1);
  for (let i = period - 1; i < high.length; i++) middle[i] = (upper[i] + lower[i]) / 2;
  return { upper, lower, middle };
}

export class DonchianStream {
  private readonly upper: HighestStream;
  private readonly lower: LowestStream;

  constructor(period: number) {
    this.upper = new HighestStream(period);
    this.lower = new LowestStream(period);
  }

  update(high: number, low: number): DonchianPoint {
    const upper = this.upper.update(high);
    const lower = this.lower.update(low);
    return { upper, lower, middle: (upper + lower) / 2 };
  }
}
