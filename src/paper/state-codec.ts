import type { PositionBookSnapshot } from '../backtest/portfolio.ts';
import type { Order } from '../backtest/orders.ts';
import type { CostTotals } from '../backtest/state.ts';

/**
 * The paper broker's complete state between two days: what the backtest engine keeps in
 * memory for a whole run (cash, order ids, working orders, position books) plus, per symbol,
 * the journal of contexts the strategy saw. Replaying that journal after init() rebuilds any
 * state a strategy keeps between bars (e.g. the Turtle's last unit price), so a strategy run
 * day by day decides exactly as it does in one backtest.
 */
export interface PaperStateData {
  readonly version: 1;
  /** Index of the next calendar step. */
  readonly step: number;
  /** Epoch ms of the last processed calendar step; bars after it are new. */
  readonly lastTime: number;
  readonly cash: number;
  readonly nextOrderId: number;
  readonly totals: CostTotals;
  /** Equity at the last processed close (NaN before the first day). */
  readonly equity: number;
  /** Equity at the close before that (daily loss limit). */
  readonly previousEquity: number;
  /** Symbols with an open position, in the order they were opened. */
  readonly open: readonly string[];
  readonly symbols: readonly PaperSymbolData[];
}

/** One row per strategy call: index, position, entryPrice, entryIndex, units, stopPrice,
 * hasPendingEntry (0/1), equity, cash. */
export type JournalRow = readonly number[];

export interface PaperSymbolData {
  readonly symbol: string;
  /** Time of bar 0 of the series the indices refer to (NaN until data was seen). */
  readonly firstTime: number;
  readonly cursor: number;
  readonly lastClose: number;
  readonly orders: readonly Order[];
  readonly book: PositionBookSnapshot;
  readonly journal: readonly JournalRow[];
}

const NUMBER_TAG = '$num';

/** JSON with NaN and infinities kept (JSON alone turns them into null). */
export function encodeState(state: PaperStateData): string {
  return JSON.stringify(state, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? { [NUMBER_TAG]: String(value) } : value,
  );
}

export function decodeState(text: string): PaperStateData {
  const state = JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && NUMBER_TAG in value) {
      return Number((value as Record<string, string>)[NUMBER_TAG]);
    }
    return value;
  }) as PaperStateData;
  if (state.version !== 1) throw new Error(`unknown paper state version ${String(state.version)}`);
  return state;
}

/** The state of a portfolio that has not traded yet. */
export function initialState(cash: number, startTime: number): PaperStateData {
  return {
    version: 1,
    step: 0,
    lastTime: startTime - 1,
    cash,
    nextOrderId: 1,
    totals: { commission: 0, slippage: 0, spread: 0, borrowFees: 0, tradedValue: 0 },
    equity: NaN,
    previousEquity: NaN,
    open: [],
    symbols: [],
  };
}
