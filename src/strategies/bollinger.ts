import type { BarSeries } from '../domain/bars.ts';
import { bollinger } from '../indicators/bollinger.ts';
import { defineParams, integer, number, oneOf, type InferParams } from './params.ts';
import { crossAbove, crossBelow } from './signals.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams({
  mode: oneOf(['mean-reversion', 'breakout'], {
    default: 'mean-reversion',
    description:
      'mean-reversion buys a close below the lower band; breakout buys a close above the upper band',
  }),
  period: integer({ default: 20, min: 2, max: 500, description: 'Band period (SMA of the close)' }),
  k: number({
    default: 2,
    min: 0.1,
    max: 5,
    description: 'Band width in population standard deviations',
  }),
});

export type BollingerParams = InferParams<typeof declared>;

/** Bollinger Bands, traded either as a reversion to the middle or as a volatility breakout. */
class BollingerStrategy implements Strategy {
  readonly #params: BollingerParams;
  #close: Float64Array = new Float64Array(0);
  #middle: Float64Array = new Float64Array(0);
  #upper: Float64Array = new Float64Array(0);
  #lower: Float64Array = new Float64Array(0);

  constructor(params: BollingerParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    const bands = bollinger(bars.close, this.#params.period, this.#params.k);
    this.#close = bars.close;
    this.#middle = bands.middle;
    this.#upper = bands.upper;
    this.#lower = bands.lower;
  }

  onBar(ctx: StrategyContext): Intent | null {
    return this.#params.mode === 'breakout' ? this.#breakout(ctx) : this.#meanReversion(ctx);
  }

  #meanReversion(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const close = this.#close[i];
    const label = `BB(${this.#params.period},${this.#params.k})`;
    if (ctx.position > 0 && close >= this.#middle[i]) {
      return { kind: 'exit', reason: `close back at ${label} middle` };
    }
    if (ctx.position < 0 && close <= this.#middle[i]) {
      return { kind: 'exit', reason: `close back at ${label} middle` };
    }
    if (ctx.position === 0 && close < this.#lower[i]) {
      return { kind: 'enter', side: 'long', reason: `close below ${label} lower band` };
    }
    if (ctx.position === 0 && ctx.allowShort && close > this.#upper[i]) {
      return { kind: 'enter', side: 'short', reason: `close above ${label} upper band` };
    }
    return null;
  }

  #breakout(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const close = this.#close[i];
    const label = `BB(${this.#params.period},${this.#params.k})`;
    if (ctx.position <= 0 && crossAbove(this.#close, this.#upper, i)) {
      return { kind: 'enter', side: 'long', reason: `close broke above ${label} upper band` };
    }
    if (ctx.position >= 0 && ctx.allowShort && crossBelow(this.#close, this.#lower, i)) {
      return { kind: 'enter', side: 'short', reason: `close broke below ${label} lower band` };
    }
    if (ctx.position > 0 && close < this.#middle[i]) {
      return { kind: 'exit', reason: `close fell below ${label} middle` };
    }
    if (ctx.position < 0 && close > this.#middle[i]) {
      return { kind: 'exit', reason: `close rose above ${label} middle` };
    }
    return null;
  }
}

export const bollingerStrategy: StrategyDefinition<BollingerParams> = {
  id: 'bollinger',
  name: 'Bollinger Bands',
  description:
    'Bollinger Bands in two modes: mean reversion (fade the bands) or breakout (follow a band break).',
  rules: [
    'Bands: middle = SMA(close, period); upper/lower = middle ± k × population standard deviation.',
    'mean-reversion: when flat, enter long on a close below the lower band; exit on the first close at or above the middle band.',
    'mean-reversion with shorts allowed: when flat, enter short on a close above the upper band; cover at or below the middle band.',
    'breakout: enter long on the bar where the close crosses above the upper band; exit on a close below the middle band.',
    'breakout with shorts allowed: enter short when the close crosses below the lower band; cover on a close above the middle band.',
    "Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new BollingerStrategy(params),
};
