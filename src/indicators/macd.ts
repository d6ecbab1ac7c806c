import { InputError } from '../domain/errors.ts';
import { assertPeriod, outputArray } from './checks.ts';

export interface MacdLines {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

export interface MacdPoint {
  macd: number;
  signal: number;
  histogram: number;
}

/**
 * Moving Average Convergence/Divergence: macd = EMA(fast) - EMA(slow) of the close,
 * signal = EMA(signal) of the macd line, histogram = macd - signal.
 *
 * Reading it: macd above zero means the short-term average is above the long-term one
 * (up-trend); macd crossing above its signal line is the classic buy trigger, and the
 * histogram shows momentum of that gap growing or shrinking.
 *
 * Conventions as TA-Lib MACD: both EMAs start on the same bar, index slow - 1, the slow one
 * seeded with the SMA of the first `slow` closes and the fast one with the SMA of the `fast`
 * closes ending at that bar; the signal EMA is seeded with the SMA of the first `signal`
 * macd values. All three outputs start at index slow - 1 + signal - 1.
 */
export function macd(close: Float64Array, fast = 12, slow = 26, signal = 9): MacdLines {
  checkMacdPeriods(fast, slow, signal);
  const n = close.length;
  const start = slow - 1;
  const first = start + signal - 1;
  const macdOut = outputArray(n, first);
  const signalOut = outputArray(n, first);
  const histogram = outputArray(n, first);
  if (n <= first) return { macd: macdOut, signal: signalOut, histogram };
  const kFast = 2 / (fast + 1);
  const kSlow = 2 / (slow + 1);
  const kSignal = 2 / (signal + 1);
  let slowSum = 0;
  for (let i = 0; i <= start; i++) slowSum += close[i];
  let fastSum = 0;
  for (let i = slow - fast; i <= start; i++) fastSum += close[i];
  let slowEma = slowSum / slow;
  let fastEma = fastSum / fast;
  // Signal seed: the mean of the first `signal` macd values.
  let signalSum = fastEma - slowEma;
  for (let i = start + 1; i <= first; i++) {
    const value = close[i];
    fastEma = (value - fastEma) * kFast + fastEma;
    slowEma = (value - slowEma) * kSlow + slowEma;
    signalSum += fastEma - slowEma;
  }
  let line = fastEma - slowEma;
  let sig = signalSum / signal;
  macdOut[first] = line;
  signalOut[first] = sig;
  histogram[first] = line - sig;
  for (let i = first + 1; i < n; i++) {
    const value = close[i];
    fastEma = (value - fastEma) * kFast + fastEma;
    slowEma = (value - slowEma) * kSlow + slowEma;
    line = fastEma - slowEma;
    sig = (line - sig) * kSignal + sig;
    macdOut[i] = line;
    signalOut[i] = sig;
    histogram[i] = line - sig;
  }
  return { macd: macdOut, signal: signalOut, histogram };
}

export function checkMacdPeriods(fast: number, slow: number, signal: number): void {
  assertPeriod('fast', fast);
  assertPeriod('slow', slow, 2);
  assertPeriod('signal', signal);
  if (fast >= slow) throw new InputError('fast', fast, `must be less than slow (${slow})`);
}

export class MacdStream {
  private readonly fast: number;
  private readonly slow: number;
  private readonly signal: number;
  private readonly kFast: number;
  private readonly kSlow: number;
  private readonly kSignal: number;
  private count = 0;
  private fastEma = 0;
  private slowEma = 0;
  private signalEma = 0;

  constructor(fast = 12, slow = 26, signal = 9) {
    checkMacdPeriods(fast, slow, signal);
    this.fast = fast;
    this.slow = slow;
    this.signal = signal;
    this.kFast = 2 / (fast + 1);
    this.kSlow = 2 / (slow + 1);
    this.kSignal = 2 / (signal + 1);
  }

  update(close: number): MacdPoint {
    const index = this.count++;
    const start = this.slow - 1;
    const first = start + this.signal - 1;
    if (index < start) {
      // Warm-up: fastEma/slowEma hold the seed sums until index `start`.
      this.slowEma += close;
      if (index >= this.slow - this.fast) this.fastEma += close;
      return { macd: NaN, signal: NaN, histogram: NaN };
    }
    if (index === start) {
      this.slowEma = (this.slowEma + close) / this.slow;
      this.fastEma = (this.fastEma + close) / this.fast;
      this.signalEma = this.fastEma - this.slowEma;
    } else {
      this.fastEma = (close - this.fastEma) * this.kFast + this.fastEma;
      this.slowEma = (close - this.slowEma) * this.kSlow + this.slowEma;
      const line = this.fastEma - this.slowEma;
      if (index > first) {
        this.signalEma = (line - this.signalEma) * this.kSignal + this.signalEma;
        return { macd: line, signal: this.signalEma, histogram: line - this.signalEma };
      }
      this.signalEma += line;
    }
    if (index < first) return { macd: NaN, signal: NaN, histogram: NaN };
    this.signalEma /= this.signal;
    const line = this.fastEma - this.slowEma;
    return { macd: line, signal: this.signalEma, histogram: line - this.signalEma };
  }
}
