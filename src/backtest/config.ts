import { InputError } from '../domain/errors.ts';
import { defaultCosts, validateCosts, type CostConfig } from './costs.ts';
import type { SizingRule } from './sizing.ts';

export interface BacktestConfig {
  readonly initialCapital: number;
  /** Sizing of entries that name no quantity. */
  readonly sizing: SizingRule;
  readonly costs: CostConfig;
  readonly allowShort: boolean;
  /** Annual borrow fee on the short market value, in bps; charged 1/252 per trading day. */
  readonly borrowFeeBps: number;
  /** Most positions open at once; an entry that would open one more is rejected. */
  readonly maxPositions?: number;
  /** Largest position value as a fraction of equity; larger entries are reduced to it. */
  readonly maxPositionFraction?: number;
  /**
   * Bars a day order's liquidity-limited remainder keeps working (default 5). A day order that
   * was reached but only partly filled (volume cap, zero-volume bar) keeps its remainder
   * working for up to this many more bars of its symbol, then expires. Exits and protective
   * orders always keep working until the position is closed.
   */
  readonly maxCarryBars?: number;
  /** Window of past bars for the ATR used by risk sizing when an intent has no riskPerShare. */
  readonly riskAtrWindow?: number;
}

/** A long-only, all-in run with realistic micro-cap costs. */
export function defaultBacktestConfig(initialCapital = 10_000): BacktestConfig {
  return {
    initialCapital,
    sizing: { kind: 'all-in' },
    costs: defaultCosts(),
    allowShort: false,
    borrowFeeBps: 300,
  };
}

/** Throws InputError naming the setting when a value is out of range. */
export function validateBacktestConfig(config: BacktestConfig): void {
  const c = config;
  if (!(c.initialCapital > 0 && Number.isFinite(c.initialCapital))) {
    throw new InputError('cash', c.initialCapital, 'initial capital must be a positive number');
  }
  if (!(c.borrowFeeBps >= 0 && Number.isFinite(c.borrowFeeBps))) {
    throw new InputError('borrowFeeBps', c.borrowFeeBps, 'must be a non-negative number');
  }
  if (c.maxPositions !== undefined && !(Number.isInteger(c.maxPositions) && c.maxPositions >= 1)) {
    throw new InputError('maxPositions', c.maxPositions, 'must be a whole number >= 1');
  }
  const f = c.maxPositionFraction;
  if (f !== undefined && !(f > 0 && f <= 1)) {
    throw new InputError('maxPositionFraction', f, 'must be a fraction in (0, 1]');
  }
  const carry = c.maxCarryBars;
  if (carry !== undefined && !(Number.isInteger(carry) && carry >= 0)) {
    throw new InputError('maxCarryBars', carry, 'must be a whole number >= 0');
  }
  const atr = c.riskAtrWindow;
  if (atr !== undefined && !(Number.isInteger(atr) && atr >= 1)) {
    throw new InputError('riskAtrWindow', atr, 'must be a whole number >= 1');
  }
  validateCosts(c.costs);
}
