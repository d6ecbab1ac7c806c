import type { z } from 'zod';
import type { BarSeries } from '../domain/bars.ts';
import type { TimeInForce } from '../domain/trading.ts';

/**
 * What a strategy knows when it decides on bar `index`. The engine reuses one object per
 * symbol and updates it every bar, so a strategy must not keep a reference across calls.
 */
export interface StrategyContext {
  /** Index of the current bar; the strategy decides on this bar's close. */
  readonly index: number;
  /** The series being traded. Reading past `index` is look-ahead and is caught by tests. */
  readonly bars: BarSeries;
  /** Signed shares held after this bar's fills: positive long, negative short, 0 flat. */
  readonly position: number;
  /** Average entry price of the open position; NaN when flat. */
  readonly entryPrice: number;
  /** Bar index of the first entry fill of the open position; -1 when flat. */
  readonly entryIndex: number;
  /** Entry fills (pyramid units) in the open position; 0 when flat. */
  readonly units: number;
  /** Protective stop price currently working for the position; NaN when none. */
  readonly stopPrice: number;
  /** Whether an entry order from this strategy is still working (not yet filled or cancelled). */
  readonly hasPendingEntry: boolean;
  /** Portfolio equity and cash at this bar's close. */
  readonly equity: number;
  readonly cash: number;
  /** Whether the run allows short positions. */
  readonly allowShort: boolean;
}

/** How an entry or exit reaches the market. Market orders fill at the next bar's open. */
export type OrderSpec =
  | { readonly type: 'market' }
  | { readonly type: 'limit'; readonly price: number }
  | { readonly type: 'stop'; readonly price: number }
  | { readonly type: 'stop-limit'; readonly stop: number; readonly limit: number };

export type TrailingSpec = { readonly percent: number } | { readonly amount: number };

/**
 * Open a position, or add a unit to one already open on the same side (pyramiding).
 * An entry while holding the opposite side first closes that position.
 */
export interface EnterIntent {
  readonly kind: 'enter';
  readonly side: 'long' | 'short';
  readonly reason: string;
  /** Default: market at the next open. */
  readonly order?: OrderSpec;
  /** Default: 'day' (a resting entry that does not fill on the next bar is cancelled). */
  readonly timeInForce?: TimeInForce;
  /** Whole shares. When absent, the run's sizing rule decides. */
  readonly quantity?: number;
  /** Price risk of one share (e.g. distance to the stop, or ATR), for risk-based sizing. */
  readonly riskPerShare?: number;
  /** Protective stop for the whole position, placed once the entry fills. */
  readonly stopLoss?: number;
  /** Take-profit limit for the whole position (one-cancels-other with the stop). */
  readonly takeProfit?: number;
  /** Trailing stop for the whole position. */
  readonly trailingStop?: TrailingSpec;
}

/** Close the whole open position. */
export interface ExitIntent {
  readonly kind: 'exit';
  readonly reason: string;
  /** Default: market at the next open. */
  readonly order?: OrderSpec;
  readonly timeInForce?: TimeInForce;
}

/** Move the protective stop of the open position (e.g. a Turtle 2N stop after adding a unit). */
export interface StopIntent {
  readonly kind: 'stop';
  readonly price: number;
  readonly reason: string;
}

/** Cancel this strategy's working entry orders. */
export interface CancelIntent {
  readonly kind: 'cancel';
  readonly reason: string;
}

export type Intent = EnterIntent | ExitIntent | StopIntent | CancelIntent;

/**
 * A strategy instance trades one symbol. `init` receives the series once before the run so it
 * can precompute causal indicators (each value at t computed from bars <= t only); `onBar`
 * decides on bar `ctx.index` using nothing after it. The same instance runs unchanged in
 * backtests and paper trading.
 */
export interface Strategy {
  init(bars: BarSeries): void;
  onBar(ctx: StrategyContext): Intent | readonly Intent[] | null;
}

/** Metadata of one parameter, as listed by `microcap strategies --json`. */
export interface ParamSpec {
  readonly name: string;
  readonly type: 'integer' | 'number' | 'boolean' | 'enum';
  readonly default: number | boolean | string;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  readonly description: string;
}

/** A registered strategy: its catalogue entry, parameter schema and factory. */
export interface StrategyDefinition<P = Record<string, unknown>> {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Entry, exit and stop rules in plain words (docs and the dashboard show these). */
  readonly rules: readonly string[];
  readonly params: readonly ParamSpec[];
  /** Validates raw parameters (defaults applied, cross-field checks included). */
  readonly schema: z.ZodType<P>;
  create(params: P): Strategy;
}
