import type { BarSeries } from '../domain/bars.ts';
import { macd } from '../indicators/macd.ts';
import { boolean, defineParams, integer, number, type InferParams } from './params.ts';
import { crossAbove, crossBelow } from './signals.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

const declared = defineParams(
  {
    fast: integer({ default: 12, min: 1, max: 200, description: 'Fast EMA period' }),
    slow: integer({ default: 26, min: 2, max: 400, description: 'Slow EMA period' }),
    signal: integer({ default: 9, min: 1, max: 200, description: 'Signal-line EMA period' }),
    zeroLine: boolean({
      default: false,
      description: 'Take longs only while the MACD line is above zero (shorts only below)',
    }),
    minHistogramPct: number({
      default: 0,
      min: 0,
      max: 10,
      description:
        'Histogram filter: enter only when the histogram crosses this % of the close (0 = plain signal-line cross)',
    }),
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

export type MacdParams = InferParams<typeof declared>;

/** MACD signal-line crossovers with optional zero-line and histogram-size filters. */
class MacdStrategy implements Strategy {
  readonly #params: MacdParams;
  #macd: Float64Array = new Float64Array(0);
  #histogram: Float64Array = new Float64Array(0);
  /** Entry thresholds per bar: minHistogramPct % of that bar's close. */
  #threshold: Float64Array = new Float64Array(0);
  #negThreshold: Float64Array = new Float64Array(0);

  constructor(params: MacdParams) {
    this.#params = params;
  }

  init(bars: BarSeries): void {
    const { fast, slow, signal, minHistogramPct } = this.#params;
    const lines = macd(bars.close, fast, slow, signal);
    this.#macd = lines.macd;
    this.#histogram = lines.histogram;
    this.#threshold = bars.close.map((close) => (minHistogramPct / 100) * close);
    this.#negThreshold = this.#threshold.map((t) => -t);
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    const { fast, slow, signal, zeroLine } = this.#params;
    const label = `MACD(${fast},${slow},${signal})`;
    const line = this.#macd[i];
    // The histogram is MACD minus signal: its sign change is the signal-line crossover.
    const longSignal = crossAbove(this.#histogram, this.#threshold, i) && (!zeroLine || line > 0);
    const shortSignal =
      crossBelow(this.#histogram, this.#negThreshold, i) && (!zeroLine || line < 0);
    const exitLong = ctx.position > 0 && crossBelow(this.#histogram, 0, i);
    const exitShort = ctx.position < 0 && crossAbove(this.#histogram, 0, i);

    if (longSignal && ctx.position <= 0) {
      return { kind: 'enter', side: 'long', reason: `${label} crossed above signal` };
    }
    if (shortSignal && ctx.allowShort && ctx.position >= 0) {
      return { kind: 'enter', side: 'short', reason: `${label} crossed below signal` };
    }
    if (exitLong) return { kind: 'exit', reason: `${label} crossed below signal` };
    if (exitShort) return { kind: 'exit', reason: `${label} crossed above signal` };
    return null;
  }
}

export const macdStrategy: StrategyDefinition<MacdParams> = {
  id: 'macd',
  name: 'MACD signal-line crossover',
  description: 'Momentum: long when the MACD line crosses above its signal line.',
  rules: [
    'Compute MACD (fast EMA minus slow EMA of the close), its signal line (EMA of MACD) and the histogram (MACD minus signal).',
    'Enter long when the histogram crosses above minHistogramPct % of the close (with 0, the plain MACD-over-signal crossover).',
    'With zeroLine on, a long is taken only while the MACD line is above zero.',
    'Exit the long when MACD crosses back below its signal line (histogram below 0).',
    'When the run allows shorts, the mirror rules open and cover shorts (histogram crossing below minus the threshold; zeroLine requires MACD below zero).',
    "Orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new MacdStrategy(params),
};
