import type { BarSeries } from '../domain/bars.ts';
import { periodPivots } from '../indicators/pivots.ts';
import { boolean, defineParams, oneOf, type InferParams } from './params.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams({
  method: oneOf(['classic', 'fibonacci', 'camarilla', 'woodie'], {
    default: 'classic',
    description: 'Pivot formula',
  }),
  period: oneOf(['day', 'week', 'month'], {
    default: 'week',
    description: 'Levels come from the previous completed day, week or month',
  }),
  trigger: oneOf(['pivot', 'r1'], {
    default: 'pivot',
    description: 'Level whose upward break opens a long',
  }),
  target: boolean({ default: true, description: 'Take profit at R2' }),
});

export type PivotPointParams = InferParams<typeof declared>;

/** Floor-trader pivots from the previous period: buy a break above the pivot or R1. */
class PivotPoint implements Strategy {
  readonly #params: PivotPointParams;
  #close: Float64Array = new Float64Array(0);
  #trigger: Float64Array = new Float64Array(0);
  #s1: Float64Array = new Float64Array(0);
  #r2: Float64Array = new Float64Array(0);

  constructor(params: PivotPointParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    const { method, period, trigger } = this.#params;
    const levels = periodPivots(
      bars.time,
      bars.open,
      bars.high,
      bars.low,
      bars.close,
      method,
      period,
    );
    this.#close = bars.close;
    this.#trigger = trigger === 'r1' ? levels.r1 : levels.pivot;
    this.#s1 = levels.s1;
    this.#r2 = levels.r2;
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const close = this.#close[i];
    const s1 = this.#s1[i];
    if (ctx.position > 0) {
      // Levels roll over each period; a close under the current S1 ends the trade.
      return close < s1 ? { kind: 'exit', reason: `close below S1 ${s1.toFixed(2)}` } : null;
    }
    if (ctx.position !== 0 || i < 1) return null;
    const level = this.#trigger[i];
    // Break of this period's level: previous close at or below it, this close above.
    if (!(close > level && this.#close[i - 1] <= level)) return null;
    const name = this.#params.trigger === 'r1' ? 'R1' : 'pivot';
    const stopLoss = s1 < close ? s1 : undefined;
    const r2 = this.#r2[i];
    return {
      kind: 'enter',
      side: 'long',
      reason: `close broke above ${this.#params.period} ${name} ${level.toFixed(2)}`,
      stopLoss,
      riskPerShare: stopLoss === undefined ? undefined : close - stopLoss,
      takeProfit: this.#params.target && r2 > close ? r2 : undefined,
    };
  }
}

export const pivotPointStrategy: StrategyDefinition<PivotPointParams> = {
  id: 'pivot-point',
  name: 'Pivot points',
  description:
    "Previous period's pivot levels: buy a break above the pivot (or R1), stop at S1, optional target R2.",
  rules: [
    'Levels (pivot, R1-R3, S1-S3) come from the previous completed `period` (day, week or month) by the chosen `method`; they stay fixed through the current period.',
    'When flat, enter long when the close crosses above the trigger level (pivot or R1): previous close at or below it, this close above.',
    'Stop at S1 (when below the close); with `target` on, take profit at R2 (when above the close).',
    "Exit when a close falls below the current period's S1 (levels roll over at each new period).",
    "Long only. Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new PivotPoint(params),
};
