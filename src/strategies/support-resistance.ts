import type { BarSeries } from '../domain/bars.ts';
import { swingLevels } from '../indicators/swings.ts';
import { boolean, defineParams, integer, number, oneOf, type InferParams } from './params.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams({
  left: integer({
    default: 3,
    min: 1,
    max: 50,
    description: 'Bars on the left a swing high/low must exceed',
  }),
  right: integer({
    default: 3,
    min: 1,
    max: 50,
    description: 'Bars on the right a swing must exceed (it is known only this many bars later)',
  }),
  entries: oneOf(['both', 'bounce', 'breakout'], {
    default: 'both',
    description: 'Which entries to take: bounce off support, break of resistance, or both',
  }),
  tolerancePct: number({
    default: 1,
    min: 0,
    max: 10,
    description:
      'A bounce needs the low within this % above support (or below it) and the close above',
  }),
  stopPct: number({
    default: 1,
    min: 0,
    max: 20,
    description: 'Stop this % below the support level',
  }),
  targetResistance: boolean({
    default: true,
    description: 'Bounce entries take profit at the resistance level',
  }),
});

export type SupportResistanceParams = InferParams<typeof declared>;

/** Trades confirmed swing levels: buy a bounce off support or a break of resistance. */
class SupportResistance implements Strategy {
  readonly #params: SupportResistanceParams;
  #low: Float64Array = new Float64Array(0);
  #close: Float64Array = new Float64Array(0);
  #support: Float64Array = new Float64Array(0);
  #resistance: Float64Array = new Float64Array(0);

  constructor(params: SupportResistanceParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    const levels = swingLevels(bars.high, bars.low, this.#params.left, this.#params.right);
    this.#low = bars.low;
    this.#close = bars.close;
    this.#support = levels.support;
    this.#resistance = levels.resistance;
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const { entries, tolerancePct, stopPct, targetResistance } = this.#params;
    const close = this.#close[i];
    const support = this.#support[i];
    const resistance = this.#resistance[i];
    const stopBelow = support * (1 - stopPct / 100);

    if (ctx.position > 0) {
      // The level may have risen since entry; a close through it ends the trade.
      if (close < stopBelow) {
        return {
          kind: 'exit',
          reason: `close below support ${support.toFixed(2)} less ${stopPct}%`,
        };
      }
      return null;
    }
    if (ctx.position !== 0) return null;

    const stopLoss = stopBelow < close ? stopBelow : undefined;
    if (entries !== 'bounce' && i > 0 && close > resistance && this.#close[i - 1] <= resistance) {
      return {
        kind: 'enter',
        side: 'long',
        reason: `close broke resistance ${resistance.toFixed(2)}`,
        stopLoss,
        riskPerShare: stopLoss === undefined ? undefined : close - stopLoss,
      };
    }
    const touched = this.#low[i] <= support * (1 + tolerancePct / 100);
    if (entries !== 'breakout' && touched && close > support) {
      const takeProfit = targetResistance && resistance > close ? resistance : undefined;
      return {
        kind: 'enter',
        side: 'long',
        reason: `bounce off support ${support.toFixed(2)}`,
        stopLoss,
        takeProfit,
        riskPerShare: stopLoss === undefined ? undefined : close - stopLoss,
      };
    }
    return null;
  }
}

export const supportResistanceStrategy: StrategyDefinition<SupportResistanceParams> = {
  id: 'support-resistance',
  name: 'Support and resistance',
  description:
    'Swing-point levels: buy a bounce off support or a close through resistance, stop below support.',
  rules: [
    'A swing high (low) is a bar whose high (low) is above (below) the `left` bars before it and the `right` bars after it; it becomes known `right` bars later. Resistance is the latest known swing high, support the latest known swing low.',
    "Bounce (entries both or bounce): when flat, enter long when the bar's low comes within `tolerancePct` % above support (or goes below it) and the close is back above support.",
    'Breakout (entries both or breakout): when flat, enter long when the close crosses above resistance (previous close at or below it).',
    'Stop: `stopPct` % below the support level at entry; bounce entries also take profit at resistance when `targetResistance` is on and resistance is above the close.',
    'Exit: a close below the current support less `stopPct` % (support may have risen since entry).',
    "Long only. Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new SupportResistance(params),
};
