import { assertPeriod, outputArray } from './checks.ts';

/**
 * Relative Strength Index (Wilder): 100 * avgGain / (avgGain + avgLoss), where the averages
 * of the up-moves and down-moves of the close start as the simple mean of the first `period`
 * changes and then follow Wilder's smoothing avg = (avg * (period - 1) + x) / period.
 *
 * Reading it: 0-100 momentum oscillator; above 70 is conventionally overbought, below 30
 * oversold, 50 is neutral. First value at index `period` (TA-Lib RSI).
 *
 * Convention: when the window had no change at all (avgGain + avgLoss = 0) the RSI is 50
 * (neutral), where TA-Lib returns 0; a flat illiquid micro-cap is not "oversold".
 */
export function rsi(close: Float64Array, period = 14): Float64Array {
  assertPeriod('period', period);
  const n = close.length;
  const out = outputArray(n, period);
  if (n <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const change = close[i] - close[i - 1];
    if (change > 0) gain += change;
    else loss -= change;
  }
  gain /= period;
  loss /= period;
  out[period] = rsiValue(gain, loss);
  const keep = period - 1;
  for (let i = period + 1; i < n; i++) {
    const change = close[i] - close[i - 1];
    gain *= keep;
    loss *= keep;
    if (change > 0) gain += change;
    else loss -= change;
    gain /= period;
    loss /= period;
    const total = gain + loss;
    out[i] = total > 0 ? 100 * (gain / total) : 50;
  }
  return out;
}

function rsiValue(gain: number, loss: number): number {
  const total = gain + loss;
  return total > 0 ? 100 * (gain / total) : 50;
}

export class RsiStream {
  private readonly period: number;
  private count = 0;
  private previous = NaN;
  private gain = 0;
  private loss = 0;

  constructor(period = 14) {
    assertPeriod('period', period);
    this.period = period;
  }

  update(close: number): number {
    const change = close - this.previous;
    this.previous = close;
    if (this.count === 0) {
      this.count = 1;
      return NaN;
    }
    if (this.count > this.period) {
      this.gain *= this.period - 1;
      this.loss *= this.period - 1;
      if (change > 0) this.gain += change;
      else this.loss -= change;
      this.gain /= this.period;
      this.loss /= this.period;
      return rsiValue(this.gain, this.loss);
    }
    if (change > 0) this.gain += change;
    else this.loss -= change;
    if (++this.count <= this.period) return NaN;
    this.gain /= this.period;
    this.loss /= this.period;
    return rsiValue(this.gain, this.loss);
  }
}
