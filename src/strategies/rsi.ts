import type { BarSeries } from '../domain/bars.ts';
import { rsi } from '../indicators/rsi.ts';
import { defineParams, integer, number, type InferParams } from './params.ts';
import { crossAbove, crossBelow } from './signals.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams(
  {
    period: integer({ default: 14, min: 2, max: 200, description: 'RSI period (Wilder)' }),
    oversold: number({
      default: 30,
      min: 1,
      max: 99,
      description: 'Oversold threshold: a cross back above it opens a long',
    }),
    overbought: number({
      default: 70,
      min: 1,
      max: 99,
      description: 'Overbought threshold: a close above it ends the long',
    }),
  },
  [
    {
      field: 'overbought',
      problem: 'must be greater than oversold',
      show: ['overbought', 'oversold'],
      check: (p) => p.overbought > p.oversold,
    },
  ],
);

export type RsiParams = InferParams<typeof declared>;

/** RSI mean reversion: buy the recovery from oversold, sell into overbought. */
class RsiStrategy implements Strategy {
  readonly #params: RsiParams;
  #rsi: Float64Array = new Float64Array(0);

  constructor(params: RsiParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    this.#rsi = rsi(bars.close, this.#params.period);
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const { oversold, overbought, period } = this.#params;
    const value = this.#rsi[i];
    if (Number.isNaN(value)) return null;
    const label = `RSI(${period})`;
    if (ctx.position > 0 && value > overbought) {
      return { kind: 'exit', reason: `${label} ${value.toFixed(1)} above ${overbought}` };
    }
    if (ctx.position < 0 && value < oversold) {
      return { kind: 'exit', reason: `${label} ${value.toFixed(1)} below ${oversold}` };
    }
    if (ctx.position === 0 && crossAbove(this.#rsi, oversold, i)) {
      return { kind: 'enter', side: 'long', reason: `${label} crossed back above ${oversold}` };
    }
    if (ctx.position === 0 && ctx.allowShort && crossBelow(this.#rsi, overbought, i)) {
      return { kind: 'enter', side: 'short', reason: `${label} crossed back below ${overbought}` };
    }
    return null;
  }
}

export const rsiStrategy: StrategyDefinition<RsiParams> = {
  id: 'rsi',
  name: 'RSI oversold/overbought',
  description:
    'Mean reversion on Wilder RSI: buy the cross back above oversold, sell above overbought.',
  rules: [
    'Compute Wilder RSI of the close over `period` bars.',
    'When flat, enter long on the bar where RSI crosses back above `oversold` (previous bar at or below it, this bar above).',
    'Exit the long on the first close with RSI above `overbought`.',
    'When the run allows shorts and the position is flat, enter short when RSI crosses back below `overbought`; cover on the first close with RSI below `oversold`.',
    "Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new RsiStrategy(params),
};
