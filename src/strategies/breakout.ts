import type { BarSeries } from '../domain/bars.ts';
import { atr } from '../indicators/atr.ts';
import { highest, lowest } from '../indicators/donchian.ts';
import { defineParams, integer, number, oneOf, type InferParams } from './params.ts';
import { previous } from './signals.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams({
  period: integer({
    default: 20,
    min: 2,
    max: 500,
    description: 'Range length: a close beyond the prior N-bar high/low is a break',
  }),
  atrPeriod: integer({ default: 14, min: 2, max: 200, description: 'ATR period (Wilder)' }),
  atrMultiple: number({
    default: 1,
    min: 0,
    max: 10,
    description: 'Filter strength k: the measured move must exceed k x the prior bar ATR',
  }),
  filter: oneOf(['range', 'distance'], {
    default: 'range',
    description:
      "What must exceed k x ATR: the breakout bar's high-low range, or the close's distance past the level",
  }),
  stopAtr: number({
    default: 2,
    min: 0.5,
    max: 10,
    description: 'Protective stop distance from the signal close in ATRs',
  }),
  exitPeriod: integer({
    default: 10,
    min: 2,
    max: 500,
    description: 'Exit on a close beyond the prior exit-period low (high for shorts)',
  }),
});

export type BreakoutParams = InferParams<typeof declared>;

/** N-bar range breakout, kept only when the move is large relative to ATR. */
class Breakout implements Strategy {
  readonly #params: BreakoutParams;
  #bars: BarSeries | null = null;
  #atr: Float64Array = new Float64Array(0);
  #rangeHigh: Float64Array = new Float64Array(0);
  #rangeLow: Float64Array = new Float64Array(0);
  #exitHigh: Float64Array = new Float64Array(0);
  #exitLow: Float64Array = new Float64Array(0);

  constructor(params: BreakoutParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    const { period, atrPeriod, exitPeriod } = this.#params;
    this.#bars = bars;
    this.#atr = atr(bars.high, bars.low, bars.close, atrPeriod);
    this.#rangeHigh = highest(bars.high, period);
    this.#rangeLow = lowest(bars.low, period);
    this.#exitHigh = highest(bars.high, exitPeriod);
    this.#exitLow = lowest(bars.low, exitPeriod);
  }

  onBar(ctx: StrategyContext): Intent | null {
    const bars = this.#bars;
    if (!bars) return null;
    const i = ctx.index;
    const { period, exitPeriod } = this.#params;
    const close = bars.close[i];
    if (ctx.position > 0 && close < previous(this.#exitLow, i)) {
      return { kind: 'exit', reason: `close below prior ${exitPeriod}-bar low` };
    }
    if (ctx.position < 0 && close > previous(this.#exitHigh, i)) {
      return { kind: 'exit', reason: `close above prior ${exitPeriod}-bar high` };
    }
    if (ctx.position !== 0) return null;
    const level = previous(this.#rangeHigh, i);
    if (close > level && this.#passesFilter(bars, i, close - level)) {
      return this.#enter(ctx, 1, `close above prior ${period}-bar high with ATR filter`);
    }
    const floor = previous(this.#rangeLow, i);
    if (ctx.allowShort && close < floor && this.#passesFilter(bars, i, floor - close)) {
      return this.#enter(ctx, -1, `close below prior ${period}-bar low with ATR filter`);
    }
    return null;
  }

  #passesFilter(bars: BarSeries, i: number, distance: number): boolean {
    // Compare with the ATR before this bar so the breakout bar does not set its own yardstick.
    const yardstick = this.#params.atrMultiple * previous(this.#atr, i);
    if (Number.isNaN(yardstick)) return false;
    const move = this.#params.filter === 'range' ? bars.high[i] - bars.low[i] : distance;
    return move > yardstick;
  }

  #enter(ctx: StrategyContext, dir: 1 | -1, reason: string): Intent | null {
    const bars = this.#bars as BarSeries;
    const risk = this.#params.stopAtr * this.#atr[ctx.index];
    if (!(risk > 0)) return null;
    return {
      kind: 'enter',
      side: dir > 0 ? 'long' : 'short',
      reason,
      stopLoss: bars.close[ctx.index] - dir * risk,
      riskPerShare: risk,
    };
  }
}

export const breakoutStrategy: StrategyDefinition<BreakoutParams> = {
  id: 'breakout',
  name: 'Range breakout with ATR filter',
  description:
    'Buy a close above the prior N-bar high when the move is large against ATR; ATR stop, channel exit.',
  rules: [
    'Level: the highest high of the previous `period` bars (today excluded).',
    "When flat, enter long on a close above that level if the filter passes: with filter=range the bar's high-low range, with filter=distance the close minus the level, must exceed `atrMultiple` x the ATR of the previous bar.",
    'Stop: `stopAtr` x ATR below the signal close.',
    'Exit on a close below the lowest low of the previous `exitPeriod` bars.',
    'When the run allows shorts, the mirror rules apply below the prior `period`-bar low.',
    "Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new Breakout(params),
};
