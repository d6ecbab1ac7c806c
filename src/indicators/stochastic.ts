import { assertPeriod, assertSameLength, outputArray } from './checks.ts';
import { highest, HighestStream, lowest, LowestStream } from './donchian.ts';
import { sma, SmaStream } from './sma.ts';

export interface StochasticLines {
  k: Float64Array;
  d: Float64Array;
}

export interface StochasticPoint {
  k: number;
  d: number;
}

/**
 * Slow stochastic oscillator (TA-Lib STOCH with SMA smoothing): fast %K =
 * 100 * (close - lowest low) / (highest high - lowest low) over `kPeriod` bars, slow %K =
 * SMA(kSmoothing) of fast %K, %D = SMA(dPeriod) of slow %K.
 *
 * Reading it: where the close sits in the recent range, 0-100; above 80 overbought, below 20
 * oversold; %K crossing %D is the trigger. As TA-Lib, both lines start at index
 * (kPeriod - 1) + (kSmoothing - 1) + (dPeriod - 1). When the range is zero (flat prices) fast
 * %K is 50 (neutral), where TA-Lib returns 0.
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod = 14,
  kSmoothing = 3,
  dPeriod = 3,
): StochasticLines {
  checkStochasticPeriods(kPeriod, kSmoothing, dPeriod);
  assertSameLength(high, low, close);
  const n = close.length;
  const first = kPeriod + kSmoothing + dPeriod - 3;
  const k = outputArray(n, first);
  const d = outputArray(n, first);
  if (n <= first) return { k, d };
  const hh = highest(high, kPeriod);
  const ll = lowest(low, kPeriod);
  const fastStart = kPeriod - 1;
  const fastK = new Float64Array(n - fastStart);
  for (let i = fastStart; i < n; i++) fastK[i - fastStart] = fastKValue(close[i], hh[i], ll[i]);
  const slowK = sma(fastK, kSmoothing);
  const slowD = sma(slowK.subarray(kSmoothing - 1), dPeriod);
  const offset = fastStart + kSmoothing - 1;
  for (let i = first; i < n; i++) {
    k[i] = slowK[i - fastStart];
    d[i] = slowD[i - offset];
  }
  return { k, d };
}

function fastKValue(close: number, high: number, low: number): number {
  const range = high - low;
  return range > 0 ? (100 * (close - low)) / range : 50;
}

function checkStochasticPeriods(kPeriod: number, kSmoothing: number, dPeriod: number): void {
  assertPeriod('kPeriod', kPeriod);
  assertPeriod('kSmoothing', kSmoothing);
  assertPeriod('dPeriod', dPeriod);
}

export class StochasticStream {
  private readonly high: HighestStream;
  private readonly low: LowestStream;
  private readonly slowK: SmaStream;
  private readonly slowD: SmaStream;

  constructor(kPeriod = 14, kSmoothing = 3, dPeriod = 3) {
    checkStochasticPeriods(kPeriod, kSmoothing, dPeriod);
    this.high = new HighestStream(kPeriod);
    this.low = new LowestStream(kPeriod);
    this.slowK = new SmaStream(kSmoothing);
    this.slowD = new SmaStream(dPeriod);
  }

  update(high: number, low: number, close: number): StochasticPoint {
    const hh = this.high.update(high);
    const ll = this.low.update(low);
    if (Number.isNaN(hh)) return { k: NaN, d: NaN };
    const k = this.slowK.update(fastKValue(close, hh, ll));
    if (Number.isNaN(k)) return { k: NaN, d: NaN };
    const d = this.slowD.update(k);
    return Number.isNaN(d) ? { k: NaN, d: NaN } : { k, d };
  }
}
