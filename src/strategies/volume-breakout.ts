import type { BarSeries } from '../domain/bars.ts';
import { atr } from '../indicators/atr.ts';
import { highest, lowest } from '../indicators/donchian.ts';
import { volumeAverage } from '../indicators/volume.ts';
import { defineParams, integer, number, oneOf, type InferParams } from './params.ts';
import { previous } from './signals.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams({
  period: integer({
    default: 20,
    min: 2,
    max: 500,
    description: 'Price must close above the highest high of this many prior bars',
  }),
  volumePeriod: integer({
    default: 20,
    min: 2,
    max: 500,
    description: 'Bars in the average volume (prior bars, today excluded)',
  }),
  volumeMultiple: number({
    default: 2,
    min: 0.1,
    max: 20,
    description: "The breakout bar's volume must exceed this multiple of the average",
  }),
  stopType: oneOf(['atr', 'percent'], {
    default: 'atr',
    description: 'Stop distance measured in ATRs or in percent of the close',
  }),
  atrPeriod: integer({ default: 14, min: 2, max: 200, description: 'ATR period for the ATR stop' }),
  stopAtr: number({ default: 2, min: 0.5, max: 10, description: 'ATR stop distance in ATRs' }),
  stopPct: number({ default: 5, min: 0.1, max: 50, description: 'Percent stop distance' }),
  exitPeriod: integer({
    default: 10,
    min: 2,
    max: 500,
    description: 'Exit on a close below the lowest low of this many prior bars',
  }),
});

export type VolumeBreakoutParams = InferParams<typeof declared>;

/** A new N-bar high confirmed by unusually heavy volume. */
class VolumeBreakout implements Strategy {
  readonly #params: VolumeBreakoutParams;
  #close: Float64Array = new Float64Array(0);
  #volume: Float64Array = new Float64Array(0);
  #atr: Float64Array = new Float64Array(0);
  #rangeHigh: Float64Array = new Float64Array(0);
  #exitLow: Float64Array = new Float64Array(0);
  #avgVolume: Float64Array = new Float64Array(0);

  constructor(params: VolumeBreakoutParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    const { period, volumePeriod, atrPeriod, exitPeriod } = this.#params;
    this.#close = bars.close;
    this.#volume = bars.volume;
    this.#atr = atr(bars.high, bars.low, bars.close, atrPeriod);
    this.#rangeHigh = highest(bars.high, period);
    this.#exitLow = lowest(bars.low, exitPeriod);
    this.#avgVolume = volumeAverage(bars.volume, volumePeriod);
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const p = this.#params;
    const close = this.#close[i];
    if (ctx.position > 0) {
      return close < previous(this.#exitLow, i)
        ? { kind: 'exit', reason: `close below prior ${p.exitPeriod}-bar low` }
        : null;
    }
    if (ctx.position !== 0) return null;
    const avgVolume = previous(this.#avgVolume, i);
    const priceBreak = close > previous(this.#rangeHigh, i);
    if (!priceBreak || !(this.#volume[i] > p.volumeMultiple * avgVolume)) return null;
    const risk = p.stopType === 'atr' ? p.stopAtr * this.#atr[i] : (p.stopPct / 100) * close;
    if (!(risk > 0)) return null;
    const ratio = this.#volume[i] / avgVolume;
    return {
      kind: 'enter',
      side: 'long',
      reason: `close above prior ${p.period}-bar high on ${ratio.toFixed(1)}x average volume`,
      stopLoss: close - risk,
      riskPerShare: risk,
    };
  }
}

export const volumeBreakoutStrategy: StrategyDefinition<VolumeBreakoutParams> = {
  id: 'volume-breakout',
  name: 'Volume-confirmed breakout',
  description:
    'Buy a close above the prior N-bar high on volume above k x its average; ATR or percent stop.',
  rules: [
    "When flat, enter long when the close is above the highest high of the previous `period` bars and the bar's volume exceeds `volumeMultiple` x the average volume of the previous `volumePeriod` bars.",
    'Stop below the signal close: `stopAtr` x ATR(`atrPeriod`) with stopType=atr, or `stopPct` % of the close with stopType=percent.',
    'Exit on a close below the lowest low of the previous `exitPeriod` bars.',
    "Long only. Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new VolumeBreakout(params),
};
