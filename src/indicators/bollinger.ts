import { assertNumber, assertPeriod, outputArray } from './checks.ts';
import { RollingDeviation, rollingDeviation } from './stddev.ts';

export interface BollingerBands {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
  /** (upper - lower) / middle: band width as a fraction of price. */
  bandwidth: Float64Array;
  /** (close - lower) / (upper - lower): 0 at the lower band, 1 at the upper; 0.5 if flat. */
  percentB: Float64Array;
}

export interface BollingerPoint {
  middle: number;
  upper: number;
  lower: number;
  bandwidth: number;
  percentB: number;
}

/**
 * Bollinger Bands: middle = SMA(period), upper/lower = middle +/- k * population stddev over
 * the same window (TA-Lib BBANDS with MA type SMA).
 *
 * Reading it: the bands widen with volatility and narrow in quiet markets (a "squeeze" often
 * precedes a large move). A close outside a band is either an overextension (mean-reversion
 * reading) or the start of a breakout (trend reading); %B places the close inside the band.
 * First value at index period - 1.
 */
export function bollinger(close: Float64Array, period = 20, k = 2): BollingerBands {
  assertPeriod('period', period);
  assertNumber('k', k, 0);
  const n = close.length;
  const warmup = period - 1;
  const middle = outputArray(n, warmup);
  const upper = outputArray(n, warmup);
  const lower = outputArray(n, warmup);
  const bandwidth = outputArray(n, warmup);
  const percentB = outputArray(n, warmup);
  // upper holds the stddev until the bands are written below.
  rollingDeviation(close, period, middle, upper);
  // Same expressions as bandsAt(), inlined so the hot loop allocates nothing.
  for (let i = warmup; i < n; i++) {
    const mid = middle[i];
    const width = k * upper[i];
    const up = mid + width;
    const down = mid - width;
    const span = up - down;
    upper[i] = up;
    lower[i] = down;
    bandwidth[i] = span / mid;
    percentB[i] = span > 0 ? (close[i] - down) / span : 0.5;
  }
  return { middle, upper, lower, bandwidth, percentB };
}

function bandsAt(close: number, middle: number, sd: number, k: number): BollingerPoint {
  const width = k * sd;
  const upper = middle + width;
  const lower = middle - width;
  const span = upper - lower;
  return {
    middle,
    upper,
    lower,
    bandwidth: span / middle,
    percentB: span > 0 ? (close - lower) / span : 0.5,
  };
}

const WARMING: BollingerPoint = Object.freeze({
  middle: NaN,
  upper: NaN,
  lower: NaN,
  bandwidth: NaN,
  percentB: NaN,
});

export class BollingerStream {
  private readonly kernel: RollingDeviation;
  private readonly k: number;

  constructor(period = 20, k = 2) {
    assertNumber('k', k, 0);
    this.kernel = new RollingDeviation(period);
    this.k = k;
  }

  update(close: number): BollingerPoint {
    const sd = this.kernel.update(close);
    if (Number.isNaN(sd)) return { ...WARMING };
    return bandsAt(close, this.kernel.mean, sd, this.k);
  }
}
