import type { BarSeries } from '../domain/bars.ts';
import { highest, lowest } from '../indicators/donchian.ts';
import { defineParams, integer, type InferParams } from './params.ts';
import { previous } from './signals.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams({
  entryPeriod: integer({
    default: 20,
    min: 2,
    max: 500,
    description: 'Enter when the close exceeds the highest high of this many prior bars',
  }),
  exitPeriod: integer({
    default: 20,
    min: 2,
    max: 500,
    description: 'Exit when the close falls below the lowest low of this many prior bars',
  }),
});

export type FourWeekRuleParams = InferParams<typeof declared>;

/** Richard Donchian's four-week rule: follow a break of the prior four weeks' range. */
class FourWeekRule implements Strategy {
  readonly #params: FourWeekRuleParams;
  #close: Float64Array = new Float64Array(0);
  #entryHigh: Float64Array = new Float64Array(0);
  #entryLow: Float64Array = new Float64Array(0);
  #exitHigh: Float64Array = new Float64Array(0);
  #exitLow: Float64Array = new Float64Array(0);

  constructor(params: FourWeekRuleParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    const { entryPeriod, exitPeriod } = this.#params;
    this.#close = bars.close;
    this.#entryHigh = highest(bars.high, entryPeriod);
    this.#entryLow = lowest(bars.low, entryPeriod);
    this.#exitHigh = highest(bars.high, exitPeriod);
    this.#exitLow = lowest(bars.low, exitPeriod);
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const { entryPeriod, exitPeriod } = this.#params;
    const close = this.#close[i];
    // Channels of the bars before today: today's own high cannot be "exceeded" by today's close.
    if (ctx.position <= 0 && close > previous(this.#entryHigh, i)) {
      return { kind: 'enter', side: 'long', reason: `close above prior ${entryPeriod}-bar high` };
    }
    if (ctx.position >= 0 && ctx.allowShort && close < previous(this.#entryLow, i)) {
      return { kind: 'enter', side: 'short', reason: `close below prior ${entryPeriod}-bar low` };
    }
    if (ctx.position > 0 && close < previous(this.#exitLow, i)) {
      return { kind: 'exit', reason: `close below prior ${exitPeriod}-bar low` };
    }
    if (ctx.position < 0 && close > previous(this.#exitHigh, i)) {
      return { kind: 'exit', reason: `close above prior ${exitPeriod}-bar high` };
    }
    return null;
  }
}

export const fourWeekRuleStrategy: StrategyDefinition<FourWeekRuleParams> = {
  id: 'four-week-rule',
  name: 'Four-week rule',
  description:
    "Donchian's four-week rule: buy a close above the prior 20-day high, sell a close below the prior 20-day low.",
  rules: [
    'Enter long when the close exceeds the highest high of the previous `entryPeriod` bars (today excluded).',
    'Exit the long when the close falls below the lowest low of the previous `exitPeriod` bars.',
    'When the run allows shorts, a close below the previous `entryPeriod`-bar low enters short (reversing a long); a close above the previous `exitPeriod`-bar high covers it.',
    "Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new FourWeekRule(params),
};
