import { assertSameLength } from './checks.ts';
import { sma, SmaStream } from './sma.ts';

/**
 * Volume average: the SMA of volume over `period` bars.
 *
 * Reading it: the normal activity level; volume well above its average (e.g. 2x) confirms a
 * price move, as in the volume-breakout strategy. First value at index period - 1.
 */
export function volumeAverage(volume: Float64Array, period: number): Float64Array {
  return sma(volume, period);
}

export class VolumeAverageStream {
  private readonly inner: SmaStream;
  constructor(period: number) {
    this.inner = new SmaStream(period);
  }
  update(volume: number): number {
    return this.inner.update(volume);
  }
}

/**
 * On-Balance Volume: a running total that adds the bar's volume when the close rises, subtracts
 * it when the close falls and leaves it when unchanged; it starts at the first bar's volume
 * (TA-Lib OBV), so there is no warm-up.
 *
 * Reading it: only its direction matters; OBV rising while price is flat suggests accumulation,
 * and OBV failing to confirm a new price high warns of a weak move.
 */
export function obv(close: Float64Array, volume: Float64Array): Float64Array {
  assertSameLength(close, volume);
  const n = close.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let total = volume[0];
  out[0] = total;
  for (let i = 1; i < n; i++) {
    if (close[i] > close[i - 1]) total += volume[i];
    else if (close[i] < close[i - 1]) total -= volume[i];
    out[i] = total;
  }
  return out;
}

export class ObvStream {
  private previousClose = NaN;
  private total = 0;

  update(close: number, volume: number): number {
    if (Number.isNaN(this.previousClose)) this.total = volume;
    else if (close > this.previousClose) this.total += volume;
    else if (close < this.previousClose) this.total -= volume;
    this.previousClose = close;
    return this.total;
  }
}
