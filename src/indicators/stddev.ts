import { assertPeriod, outputArray } from './checks.ts';

/**
 * Rolling population standard deviation: sqrt(sum((x - mean)^2) / period) over the last
 * `period` values (divisor period, not period - 1, as TA-Lib STDDEV and Bollinger Bands).
 *
 * Reading it: how widely prices spread around their mean, in price units; rising values mean
 * rising volatility. First value at index period - 1.
 *
 * Numerics: the mean comes from the same running sum as the SMA (so Bollinger's middle band
 * equals sma() bit for bit), and the sum of squared deviations M2 is updated in place,
 * M2 += (new - old) * (new - mean' + old - mean), instead of the cancellation-prone
 * sum(x^2)/n - mean^2. That update drifts by rounding, so M2 is recomputed exactly from the
 * window every `period` bars (amortised O(1), bounding the drift to one window's worth) and
 * whenever the variance falls below 1e-6 of mean^2 (coefficient of variation under 0.1 %),
 * where the drift would matter most: flat prices give a standard deviation of (almost
 * exactly) 0 instead of ~1e-8.
 */
export function stddev(values: Float64Array, period: number): Float64Array {
  const out = outputArray(values.length, period - 1);
  rollingDeviation(values, period, null, out);
  return out;
}

/** Variance / mean^2 below which M2 is recomputed from the window instead of updated. */
const NEAR_FLAT = 1e-6;

/**
 * Shared kernel of stddev() and bollinger(): writes the rolling mean into `meanOut` (when
 * given) and the population standard deviation into `sdOut`, from index period - 1.
 */
export function rollingDeviation(
  values: Float64Array,
  period: number,
  meanOut: Float64Array | null,
  sdOut: Float64Array,
): void {
  assertPeriod('period', period);
  const n = values.length;
  if (n < period) return;
  let sum = 0;
  for (let i = 0; i < period; i++) sum += values[i];
  let mean = sum / period;
  let m2 = 0;
  for (let i = 0; i < period; i++) {
    const d = values[i] - mean;
    m2 += d * d;
  }
  if (meanOut) meanOut[period - 1] = mean;
  sdOut[period - 1] = Math.sqrt(m2 / period);
  sum -= values[0];
  let sinceExact = 0;
  for (let i = period; i < n; i++) {
    const value = values[i];
    const old = values[i - period];
    sum += value;
    const nextMean = sum / period;
    m2 += (value - old) * (value - nextMean + old - mean);
    if (++sinceExact === period || m2 < nextMean * nextMean * period * NEAR_FLAT) {
      sinceExact = 0;
      m2 = 0;
      for (let j = i - period + 1; j <= i; j++) {
        const d = values[j] - nextMean;
        m2 += d * d;
      }
    }
    mean = nextMean;
    if (meanOut) meanOut[i] = mean;
    sdOut[i] = Math.sqrt(m2 / period);
    sum -= values[i - period + 1];
  }
}

/** Streaming kernel shared by StddevStream and BollingerStream; `update` returns the stddev. */
export class RollingDeviation {
  private readonly period: number;
  private readonly window: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private m2 = 0;
  private sinceExact = 0;
  /** Mean of the current window after the last ready update; NaN during warm-up. */
  mean = NaN;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
    this.window = new Float64Array(period);
  }

  update(value: number): number {
    const period = this.period;
    const old = this.window[this.head];
    this.window[this.head] = value;
    if (++this.head === period) this.head = 0;
    this.sum += value;
    if (this.count >= period) {
      const nextMean = this.sum / period;
      this.m2 += (value - old) * (value - nextMean + old - this.mean);
      if (++this.sinceExact === period || this.m2 < nextMean * nextMean * period * NEAR_FLAT) {
        this.sinceExact = 0;
        this.m2 = this.windowM2(nextMean);
      }
      this.mean = nextMean;
    } else if (++this.count === period) {
      this.mean = this.sum / period;
      this.m2 = this.windowM2(this.mean);
    } else {
      return NaN;
    }
    this.sum -= this.window[this.head];
    return Math.sqrt(this.m2 / period);
  }

  /** Exact M2 about `mean`; head is the oldest slot, so this walks in arrival order as the batch. */
  private windowM2(mean: number): number {
    let m2 = 0;
    for (let j = 0, slot = this.head; j < this.period; j++) {
      const d = this.window[slot] - mean;
      m2 += d * d;
      if (++slot === this.period) slot = 0;
    }
    return m2;
  }
}

export class StddevStream {
  private readonly kernel: RollingDeviation;

  constructor(period: number) {
    this.kernel = new RollingDeviation(period);
  }

  update(value: number): number {
    return this.kernel.update(value);
  }
}
