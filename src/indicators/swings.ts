import { assertPeriod, assertSameLength } from './checks.ts';

export interface SwingLevelLines {
  resistance: Float64Array;
  support: Float64Array;
}

export interface SwingLevelPoint {
  resistance: number;
  support: number;
}

/**
 * Swing-point support and resistance. A swing high at bar i is a high strictly greater than
 * the highs of the `left` bars before it and the `right` bars after it; a swing low likewise
 * with lows, strictly lower. A swing point is only KNOWN at bar i + right, when its right side
 * has printed, so resistance[t] is the high of the most recent swing high confirmed by bar t
 * and support[t] the low of the most recent confirmed swing low (no look-ahead). NaN until the
 * first one is confirmed; the first candidate bar is i = left.
 *
 * Reading it: resistance is the last peak sellers defended, support the last trough buyers
 * defended; a close through either is a breakout, a rebound near support is a bounce.
 */
export function swingLevels(
  high: Float64Array,
  low: Float64Array,
  left = 5,
  right = 5,
): SwingLevelLines {
  checkSides(left, right);
  assertSameLength(high, low);
  const n = high.length;
  const resistance = new Float64Array(n);
  const support = new Float64Array(n);
  let lastHigh = NaN;
  let lastLow = NaN;
  for (let t = 0; t < n; t++) {
    const i = t - right;
    if (i >= left) {
      if (isSwing(high, i, left, right, true)) lastHigh = high[i];
      if (isSwing(low, i, left, right, false)) lastLow = low[i];
    }
    resistance[t] = lastHigh;
    support[t] = lastLow;
  }
  return { resistance, support };
}

function isSwing(values: ArrayLike<number>, i: number, left: number, right: number, max: boolean) {
  const pivot = values[i];
  for (let j = i - left; j <= i + right; j++) {
    if (j === i) continue;
    if (max ? !(pivot > values[j]) : !(pivot < values[j])) return false;
  }
  return true;
}

function checkSides(left: number, right: number): void {
  assertPeriod('left', left, 0);
  assertPeriod('right', right, 0);
}

export class SwingLevelsStream {
  private readonly left: number;
  private readonly right: number;
  private readonly size: number;
  // The last left + right + 1 bars, oldest first after rotation (copied into `window`).
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private readonly windowHigh: Float64Array;
  private readonly windowLow: Float64Array;
  private head = 0;
  private seen = 0;
  private resistance = NaN;
  private support = NaN;

  constructor(left = 5, right = 5) {
    checkSides(left, right);
    this.left = left;
    this.right = right;
    this.size = left + right + 1;
    this.highs = new Float64Array(this.size);
    this.lows = new Float64Array(this.size);
    this.windowHigh = new Float64Array(this.size);
    this.windowLow = new Float64Array(this.size);
  }

  update(high: number, low: number): SwingLevelPoint {
    this.highs[this.head] = high;
    this.lows[this.head] = low;
    if (++this.head === this.size) this.head = 0;
    this.seen++;
    if (this.seen >= this.size) {
      // head is the oldest slot: unroll the ring in time order, candidate at index `left`.
      for (let j = 0, slot = this.head; j < this.size; j++) {
        this.windowHigh[j] = this.highs[slot];
        this.windowLow[j] = this.lows[slot];
        if (++slot === this.size) slot = 0;
      }
      if (isSwing(this.windowHigh, this.left, this.left, this.right, true)) {
        this.resistance = this.windowHigh[this.left];
      }
      if (isSwing(this.windowLow, this.left, this.left, this.right, false)) {
        this.support = this.windowLow[this.left];
      }
    }
    return { resistance: this.resistance, support: this.support };
  }
}
