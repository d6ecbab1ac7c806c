import type { BarSeries } from '../domain/bars.ts';
import { ema } from '../indicators/ema.ts';
import { sma } from '../indicators/sma.ts';
import { defineParams, integer, oneOf, type InferParams } from './params.ts';
import { crossAbove, crossBelow } from './signals.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams(
  {
    type: oneOf(['sma', 'ema'], { default: 'sma', description: 'Moving average kind' }),
    fast: integer({ default: 10, min: 1, max: 500, description: 'Fast average period (bars)' }),
    slow: integer({ default: 30, min: 2, max: 1000, description: 'Slow average period (bars)' }),
  },
  [
    {
      field: 'slow',
      problem: 'must be greater than fast',
      show: ['slow', 'fast'],
      check: (p) => p.slow > p.fast,
    },
  ],
);

export type MaCrossoverParams = InferParams<typeof declared>;

/** Golden cross / death cross of two moving averages of the close. */
class MaCrossover implements Strategy {
  readonly #params: MaCrossoverParams;
  #fast: Float64Array = new Float64Array(0);
  #slow: Float64Array = new Float64Array(0);

  constructor(params: MaCrossoverParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    const average = this.#params.type === 'ema' ? ema : sma;
    this.#fast = average(bars.close, this.#params.fast);
    this.#slow = average(bars.close, this.#params.slow);
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const label = `${this.#params.type.toUpperCase()}(${this.#params.fast}/${this.#params.slow})`;
    if (crossAbove(this.#fast, this.#slow, i) && ctx.position <= 0) {
      return { kind: 'enter', side: 'long', reason: `${label} crossed above` };
    }
    if (crossBelow(this.#fast, this.#slow, i)) {
      if (ctx.allowShort && ctx.position >= 0) {
        return { kind: 'enter', side: 'short', reason: `${label} crossed below` };
      }
      if (ctx.position > 0) return { kind: 'exit', reason: `${label} crossed below` };
    }
    return null;
  }
}

export const maCrossoverStrategy: StrategyDefinition<MaCrossoverParams> = {
  id: 'ma-crossover',
  name: 'Moving-average crossover',
  description: 'Trend following: long while the fast moving average is above the slow one.',
  rules: [
    'Compute a fast and a slow moving average (SMA or EMA) of the close.',
    'Enter long on the close of the bar where the fast average crosses above the slow one.',
    'Exit the long when the fast average crosses back below the slow one.',
    'When the run allows shorts, the cross below reverses into a short, and the next cross above covers it.',
    "Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new MaCrossover(params),
};
