import { assertPeriod, assertSameLength, outputArray } from './checks.ts';

/**
 * True range: the bar's full range including any gap from the previous close,
 * max(high - low, |high - prevClose|, |low - prevClose|). The first bar, with no previous
 * close, is high - low.
 */
export function trueRange(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
): Float64Array {
  assertSameLength(high, low, close);
  const n = high.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  out[0] = high[0] - low[0];
  for (let i = 1; i < n; i++) out[i] = barTrueRange(high[i], low[i], close[i - 1]);
  return out;
}

function barTrueRange(high: number, low: number, prevClose: number): number {
  let range = high - low;
  const up = Math.abs(prevClose - high);
  if (up > range) range = up;
  const down = Math.abs(prevClose - low);
  if (down > range) range = down;
  return range;
}

/**
 * Average True Range (Wilder): the mean of the true ranges of bars 1..period (bar 0 has no
 * previous close, so TA-Lib skips it), then atr = (atr * (period - 1) + tr) / period.
 *
 * Reading it: typical daily movement in price units, gaps included. Used to size positions
 * and place stops (e.g. the turtles' 2N stop). First value at index `period` (TA-Lib ATR).
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
): Float64Array {
  assertPeriod('period', period);
  assertSameLength(high, low, close);
  const n = high.length;
  const out = outputArray(n, period);
  if (n <= period) return out;
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += barTrueRange(high[i], low[i], close[i - 1]);
  let prev = sum / period;
  out[period] = prev;
  const keep = period - 1;
  for (let i = period + 1; i < n; i++) {
    prev *= keep;
    prev += barTrueRange(high[i], low[i], close[i - 1]);
    prev /= period;
    out[i] = prev;
  }
  return out;
}

export class TrueRangeStream {
  private previousClose = NaN;

  update(high: number, low: number, close: number): number {
    const range = Number.isNaN(this.previousClose)
      ? high - low
      : barTrueRange(high, low, this.previousClose);
    this.previousClose = close;
    return range;
  }
}

export class AtrStream {
  private readonly period: number;
  private count = 0;
  private previousClose = NaN;
  private value = 0;

  constructor(period = 14) {
    assertPeriod('period', period);
    this.period = period;
  }

  update(high: number, low: number, close: number): number {
    const previousClose = this.previousClose;
    this.previousClose = close;
    const index = this.count;
    if (index === 0) {
      this.count = 1;
      return NaN;
    }
    const range = barTrueRange(high, low, previousClose);
    if (index > this.period) {
      this.value *= this.period - 1;
      this.value += range;
      this.value /= this.period;
      return this.value;
    }
    this.count++;
    this.value += range;
    if (index < this.period) return NaN;
    this.value /= this.period;
    return this.value;
  }
}
