import { assertPeriod, assertSameLength, outputArray } from './checks.ts';

export interface AdxLines {
  adx: Float64Array;
  plusDi: Float64Array;
  minusDi: Float64Array;
}

export interface AdxPoint {
  adx: number;
  plusDi: number;
  minusDi: number;
}

/**
 * Average Directional Index with +DI and -DI (Wilder, computed as TA-Lib ADX / PLUS_DI /
 * MINUS_DI).
 *
 * Per bar: up = high - prevHigh, down = prevLow - low; +DM = up if up > down and up > 0,
 * -DM = down if down > up and down > 0, else 0; TR = true range. +DM, -DM and TR are summed
 * over bars 1..period-1, then Wilder-smoothed each bar as S = S - S / period + x.
 * +DI = 100 * S(+DM) / S(TR), -DI = 100 * S(-DM) / S(TR) from index `period`;
 * DX = 100 * |+DI - -DI| / (+DI + -DI); ADX = mean of the first `period` DX values (index
 * 2 * period - 1), then ADX = (ADX * (period - 1) + DX) / period.
 *
 * Reading it: ADX measures trend STRENGTH regardless of direction (above 25: trending, below
 * 20: ranging); +DI above -DI says the trend is up. Zero TR gives DI 0, and a bar whose
 * +DI + -DI is 0 leaves the ADX unchanged, as in TA-Lib (which tests against 1e-8 rather
 * than exact zero).
 */
export function adx(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
): AdxLines {
  assertPeriod('period', period, 2);
  assertSameLength(high, low, close);
  const n = close.length;
  const adxOut = outputArray(n, 2 * period - 1);
  const plusDi = outputArray(n, period);
  const minusDi = outputArray(n, period);
  const result = { adx: adxOut, plusDi, minusDi };
  if (n <= period) return result;
  let plusDm = 0;
  let minusDm = 0;
  let tr = 0;
  for (let i = 1; i < period; i++) {
    const up = high[i] - high[i - 1];
    const down = low[i - 1] - low[i];
    if (down > 0 && up < down) minusDm += down;
    else if (up > 0 && up > down) plusDm += up;
    tr += trueRangeOf(high[i], low[i], close[i - 1]);
  }
  let sumDx = 0;
  let value = NaN;
  const keep = period - 1;
  for (let i = period; i < n; i++) {
    const up = high[i] - high[i - 1];
    const down = low[i - 1] - low[i];
    minusDm -= minusDm / period;
    plusDm -= plusDm / period;
    if (down > 0 && up < down) minusDm += down;
    else if (up > 0 && up > down) plusDm += up;
    tr = tr - tr / period + trueRangeOf(high[i], low[i], close[i - 1]);
    let plus = 0;
    let minus = 0;
    let dx = NaN;
    if (tr > 0) {
      plus = 100 * (plusDm / tr);
      minus = 100 * (minusDm / tr);
      const total = plus + minus;
      if (total > 0) dx = 100 * (Math.abs(minus - plus) / total);
    }
    plusDi[i] = plus;
    minusDi[i] = minus;
    if (i < 2 * period - 1) {
      if (!Number.isNaN(dx)) sumDx += dx;
    } else if (i === 2 * period - 1) {
      if (!Number.isNaN(dx)) sumDx += dx;
      value = sumDx / period;
      adxOut[i] = value;
    } else {
      if (!Number.isNaN(dx)) value = (value * keep + dx) / period;
      adxOut[i] = value;
    }
  }
  return result;
}

function trueRangeOf(high: number, low: number, prevClose: number): number {
  let range = high - low;
  const up = Math.abs(prevClose - high);
  if (up > range) range = up;
  const down = Math.abs(prevClose - low);
  if (down > range) range = down;
  return range;
}

export class AdxStream {
  private readonly period: number;
  private index = 0;
  private prevHigh = NaN;
  private prevLow = NaN;
  private prevClose = NaN;
  private plusDm = 0;
  private minusDm = 0;
  private tr = 0;
  private sumDx = 0;
  private value = NaN;

  constructor(period = 14) {
    assertPeriod('period', period, 2);
    this.period = period;
  }

  update(high: number, low: number, close: number): AdxPoint {
    const i = this.index++;
    const period = this.period;
    const up = high - this.prevHigh;
    const down = this.prevLow - low;
    const prevClose = this.prevClose;
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    if (i === 0) return { adx: NaN, plusDi: NaN, minusDi: NaN };
    if (i < period) {
      if (down > 0 && up < down) this.minusDm += down;
      else if (up > 0 && up > down) this.plusDm += up;
      this.tr += trueRangeOf(high, low, prevClose);
      return { adx: NaN, plusDi: NaN, minusDi: NaN };
    }
    this.minusDm -= this.minusDm / period;
    this.plusDm -= this.plusDm / period;
    if (down > 0 && up < down) this.minusDm += down;
    else if (up > 0 && up > down) this.plusDm += up;
    this.tr = this.tr - this.tr / period + trueRangeOf(high, low, prevClose);
    let plus = 0;
    let minus = 0;
    let dx = NaN;
    if (this.tr > 0) {
      plus = 100 * (this.plusDm / this.tr);
      minus = 100 * (this.minusDm / this.tr);
      const total = plus + minus;
      if (total > 0) dx = 100 * (Math.abs(minus - plus) / total);
    }
    if (i < 2 * period - 1) {
      if (!Number.isNaN(dx)) this.sumDx += dx;
    } else if (i === 2 * period - 1) {
      if (!Number.isNaN(dx)) this.sumDx += dx;
      this.value = this.sumDx / period;
    } else if (!Number.isNaN(dx)) {
      this.value = (this.value * (period - 1) + dx) / period;
    }
    return { adx: this.value, plusDi: plus, minusDi: minus };
  }
}
