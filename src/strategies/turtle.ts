import type { BarSeries } from '../domain/bars.ts';
import { atr } from '../indicators/atr.ts';
import { highest, lowest } from '../indicators/donchian.ts';
import { boolean, defineParams, integer, number, oneOf, type InferParams } from './params.ts';
import { previous, riskSizedQuantity } from './signals.ts';
import type { Intent, Strategy, StrategyContext, StrategyDefinition } from './types.ts';

/** Breakout periods of the original Turtle systems. */
const SYSTEMS = {
  '1': { entry: 20, exit: 10 },
  '2': { entry: 55, exit: 20 },
} as const;
/** System 1's failsafe: a skipped 20-day breakout is still taken at a 55-day breakout. */
const FAILSAFE_PERIOD = 55;

const declared = defineParams(
  {
    system: oneOf(['1', '2'], {
      default: '1',
      description: 'Turtle system: 1 = 20-bar entry / 10-bar exit, 2 = 55-bar entry / 20-bar exit',
    }),
    entryPeriod: integer({
      default: 0,
      min: 0,
      max: 500,
      description: "Entry breakout period; 0 uses the system's (20 or 55)",
    }),
    exitPeriod: integer({
      default: 0,
      min: 0,
      max: 500,
      description: "Exit breakout period; 0 uses the system's (10 or 20)",
    }),
    atrPeriod: integer({
      default: 20,
      min: 2,
      max: 200,
      description: 'Period of N, the Wilder ATR',
    }),
    stopN: number({
      default: 2,
      min: 0.5,
      max: 10,
      description: 'Protective stop distance in N below the latest unit',
    }),
    riskPercent: number({
      default: 1,
      min: 0.1,
      max: 10,
      description: 'Unit size: shares = floor(riskPercent % of equity / N)',
    }),
    maxUnits: integer({ default: 4, min: 1, max: 10, description: 'Most units in one position' }),
    addStepN: number({
      default: 0.5,
      min: 0.1,
      max: 5,
      description: 'Add a unit each time the close gains this many N over the last unit',
    }),
    skipAfterWinner: boolean({
      default: false,
      description:
        'System 1 rule: skip a breakout when the previous breakout would have won (55-bar failsafe)',
    }),
  },
  [
    {
      field: 'entryPeriod',
      problem: 'must be 0 (system default) or at least 2',
      show: ['entryPeriod'],
      check: (p) => p.entryPeriod === 0 || p.entryPeriod >= 2,
    },
    {
      field: 'exitPeriod',
      problem: 'must be 0 (system default) or at least 2',
      show: ['exitPeriod'],
      check: (p) => p.exitPeriod === 0 || p.exitPeriod >= 2,
    },
    {
      field: 'exitPeriod',
      problem: 'must be less than the entry period',
      show: ['exitPeriod', 'entryPeriod', 'system'],
      check: (p) => effectivePeriods(p).exit < effectivePeriods(p).entry,
    },
    {
      field: 'skipAfterWinner',
      problem: 'applies to system 1 only',
      show: ['skipAfterWinner', 'system'],
      check: (p) => !p.skipAfterWinner || p.system === '1',
    },
  ],
);

export type TurtleParams = InferParams<typeof declared>;

function effectivePeriods(p: { system: '1' | '2'; entryPeriod: number; exitPeriod: number }): {
  entry: number;
  exit: number;
} {
  const system = SYSTEMS[p.system];
  return { entry: p.entryPeriod || system.entry, exit: p.exitPeriod || system.exit };
}

/** Direction of a breakout: +1 long, -1 short. */
type Direction = 1 | -1;

/** The Turtle trading rules: channel breakouts, N-based sizing, pyramiding and 2N stops. */
class Turtle implements Strategy {
  readonly #params: TurtleParams;
  readonly #entry: number;
  readonly #exit: number;
  #close: Float64Array = new Float64Array(0);
  #n: Float64Array = new Float64Array(0);
  #entryHigh: Float64Array = new Float64Array(0);
  #entryLow: Float64Array = new Float64Array(0);
  #exitHigh: Float64Array = new Float64Array(0);
  #exitLow: Float64Array = new Float64Array(0);
  #failsafeHigh: Float64Array = new Float64Array(0);
  #failsafeLow: Float64Array = new Float64Array(0);
  /** 1 where the skip-after-winner rule vetoes that bar's breakout. */
  #skip: Uint8Array = new Uint8Array(0);
  // Position tracking to recover each unit's fill price from the average entry price.
  #prevPosition = 0;
  #prevEntryPrice = NaN;
  #lastUnitPrice = NaN;

  constructor(params: TurtleParams) {
    this.#params = params;
    const periods = effectivePeriods(params);
    this.#entry = periods.entry;
    this.#exit = periods.exit;
  }

  init(bars: BarSeries): void {
    this.#close = bars.close;
    this.#n = atr(bars.high, bars.low, bars.close, this.#params.atrPeriod);
    this.#entryHigh = highest(bars.high, this.#entry);
    this.#entryLow = lowest(bars.low, this.#entry);
    this.#exitHigh = highest(bars.high, this.#exit);
    this.#exitLow = lowest(bars.low, this.#exit);
    this.#failsafeHigh = highest(bars.high, FAILSAFE_PERIOD);
    this.#failsafeLow = lowest(bars.low, FAILSAFE_PERIOD);
    this.#skip = this.#params.skipAfterWinner
      ? this.#skipAfterWinner(bars)
      : new Uint8Array(bars.length);
    this.#prevPosition = 0;
    this.#prevEntryPrice = NaN;
    this.#lastUnitPrice = NaN;
  }

  #breakout(i: number): Direction | 0 {
    const close = this.#close[i];
    if (close > previous(this.#entryHigh, i)) return 1;
    if (close < previous(this.#entryLow, i)) return -1;
    return 0;
  }

  /**
   * Walks the series once, in order, following every breakout as a hypothetical one-unit trade
   * (entry at the signal close, 2N stop, exit-channel exit) whether or not it was taken. A
   * breakout is skipped when the previous hypothetical trade won. Bar i's flag depends only on
   * bars <= i, so the precomputation stays causal.
   */
  #skipAfterWinner(bars: BarSeries): Uint8Array {
    const skip = new Uint8Array(bars.length);
    let lastWon = false;
    let open: { dir: Direction; entry: number; stop: number } | null = null;
    for (let i = 0; i < bars.length; i++) {
      if (open) {
        const close = this.#close[i];
        const stopped = open.dir > 0 ? bars.low[i] <= open.stop : bars.high[i] >= open.stop;
        const exited =
          open.dir > 0 ? close < previous(this.#exitLow, i) : close > previous(this.#exitHigh, i);
        if (stopped) {
          lastWon = false;
          open = null;
        } else if (exited) {
          lastWon = open.dir * (close - open.entry) > 0;
          open = null;
        }
      }
      const dir = this.#breakout(i);
      const n = this.#n[i];
      if (open === null && dir !== 0 && n > 0) {
        skip[i] = lastWon ? 1 : 0;
        const close = this.#close[i];
        open = { dir, entry: close, stop: close - dir * this.#params.stopN * n };
      }
    }
    return skip;
  }

  onBar(ctx: StrategyContext): Intent | Intent[] | null {
    const i = ctx.index;
    const fill = this.#trackUnits(ctx);
    const n = this.#n[i];
    if (!(n > 0)) return null;
    if (ctx.position === 0) return this.#entrySignal(ctx, n);
    return this.#manage(ctx, fill);
  }

  /** Notes a new unit's fill price; returns it when a unit filled on this bar, else NaN. */
  #trackUnits(ctx: StrategyContext): number {
    const position = ctx.position;
    const prev = this.#prevPosition;
    let filled = NaN;
    if (position !== 0 && (prev === 0 || Math.sign(prev) !== Math.sign(position))) {
      filled = ctx.entryPrice;
    } else if (position !== 0 && Math.abs(position) > Math.abs(prev)) {
      // Average price after the fill times shares, minus the same before it, per new share.
      filled = (ctx.entryPrice * position - this.#prevEntryPrice * prev) / (position - prev);
      if (!Number.isFinite(filled)) filled = ctx.entryPrice;
    }
    if (!Number.isNaN(filled)) this.#lastUnitPrice = filled;
    if (position === 0) this.#lastUnitPrice = NaN;
    this.#prevPosition = position;
    this.#prevEntryPrice = ctx.entryPrice;
    return filled;
  }

  #entrySignal(ctx: StrategyContext, n: number): Intent | null {
    const i = ctx.index;
    const dir = this.#breakout(i);
    if (dir === 0 || (dir < 0 && !ctx.allowShort)) return null;
    let reason = `close ${dir > 0 ? 'above' : 'below'} prior ${this.#entry}-bar ${dir > 0 ? 'high' : 'low'}`;
    if (this.#skip[i]) {
      const close = this.#close[i];
      const failsafe =
        dir > 0 ? close > previous(this.#failsafeHigh, i) : close < previous(this.#failsafeLow, i);
      if (!failsafe) return null;
      reason = `${FAILSAFE_PERIOD}-bar failsafe breakout after a skipped winner`;
    }
    return this.#unit(ctx, dir, n, reason);
  }

  #unit(ctx: StrategyContext, dir: Direction, n: number, reason: string): Intent | null {
    const { riskPercent, stopN } = this.#params;
    const quantity = riskSizedQuantity(ctx.equity, riskPercent, n);
    if (quantity < 1) return null;
    const close = this.#close[ctx.index];
    return {
      kind: 'enter',
      side: dir > 0 ? 'long' : 'short',
      reason,
      quantity,
      riskPerShare: stopN * n,
      stopLoss: close - dir * stopN * n,
    };
  }

  #manage(ctx: StrategyContext, filledPrice: number): Intent | Intent[] | null {
    const i = ctx.index;
    const dir: Direction = ctx.position > 0 ? 1 : -1;
    const close = this.#close[i];
    if (dir > 0 ? close < previous(this.#exitLow, i) : close > previous(this.#exitHigh, i)) {
      return {
        kind: 'exit',
        reason: `close ${dir > 0 ? 'below' : 'above'} prior ${this.#exit}-bar ${dir > 0 ? 'low' : 'high'}`,
      };
    }
    // N as it was when the position was opened (the signal bar before the first fill).
    const signalN = ctx.entryIndex > 0 ? this.#n[ctx.entryIndex - 1] : NaN;
    const n = signalN > 0 ? signalN : this.#n[i];
    const intents: Intent[] = [];
    if (!Number.isNaN(filledPrice)) {
      const stop = filledPrice - dir * this.#params.stopN * n;
      if (stop !== ctx.stopPrice) {
        intents.push({
          kind: 'stop',
          price: stop,
          reason: `${this.#params.stopN}N from the latest unit`,
        });
      }
    }
    const gained = dir * (close - this.#lastUnitPrice);
    if (
      ctx.units < this.#params.maxUnits &&
      !ctx.hasPendingEntry &&
      gained >= this.#params.addStepN * n
    ) {
      const unit = this.#unit(
        ctx,
        dir,
        n,
        `add unit ${ctx.units + 1}: ${this.#params.addStepN}N beyond the last`,
      );
      if (unit) intents.push(unit);
    }
    if (intents.length === 0) return null;
    return intents.length === 1 ? intents[0] : intents;
  }
}

export const turtleStrategy: StrategyDefinition<TurtleParams> = {
  id: 'turtle',
  name: 'Turtle trading system',
  description:
    'The Turtle rules: 20/10 (System 1) or 55/20 (System 2) channel breakouts, N-based unit sizing, pyramiding and 2N stops.',
  rules: [
    'N is the Wilder ATR over `atrPeriod` bars (20 in the original rules).',
    'Entry: a close above the highest high of the previous entry-period bars (20 for System 1, 55 for System 2) opens a long unit; with shorts allowed, a close below the lowest low opens a short unit.',
    'Unit size: floor(riskPercent % of equity / N) shares, so that a move of 1 N costs riskPercent % of equity.',
    "Stop: `stopN` × N (2N) from the entry; placed with the entry, then moved to 2N from the latest unit's actual fill price once it fills.",
    "Pyramiding: up to `maxUnits` units; another unit is added when the close is `addStepN` × N (1/2 N) beyond the last unit's fill price, with N taken at the first entry.",
    'Exit: a close below the lowest low of the previous exit-period bars (10 for System 1, 20 for System 2) closes all units (above the highest high for shorts).',
    'skipAfterWinner (System 1 only): every breakout is followed as a hypothetical one-unit trade (entry at the signal close, 2N stop, channel exit) whether taken or not; when the previous one would have won, the next breakout is skipped unless it is also a 55-bar breakout (the failsafe).',
    "Signals are decided on the close; orders are market orders filled at the next bar's open.",
  ],
  params: declared.specs,
  schema: declared.schema,
  create: (params) => new Turtle(params),
};
