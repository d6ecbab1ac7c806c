import type { BarSeries } from '../../domain/bars.ts';
import type { Intent, Strategy, StrategyContext } from '../types.ts';

/**
 * Test support, not the backtest engine: replays a strategy bar by bar with a bare-bones fill
 * model (every intent acts at the next bar's open; stops and targets are checked against the
 * bar's range) so that stateful strategies see realistic positions, and records what the
 * strategy said on every bar.
 */

export interface ReplayOptions {
  readonly allowShort?: boolean;
  readonly initialCash?: number;
  /** Shares bought when an enter intent carries no quantity. */
  readonly defaultQuantity?: number;
}

export interface ReplayResult {
  /** intents[i] = what onBar returned on bar i (empty when null). */
  readonly intents: Intent[][];
  /** Signed position after each bar's fills. */
  readonly positions: number[];
}

class SimulatedContext implements StrategyContext {
  index = 0;
  bars: BarSeries;
  position = 0;
  entryPrice = NaN;
  entryIndex = -1;
  units = 0;
  stopPrice = NaN;
  takeProfit = NaN;
  hasPendingEntry = false;
  equity: number;
  cash: number;
  allowShort: boolean;

  constructor(bars: BarSeries, cash: number, allowShort: boolean) {
    this.bars = bars;
    this.cash = cash;
    this.equity = cash;
    this.allowShort = allowShort;
  }

  flatten(price: number): void {
    this.cash += this.position * price;
    this.position = 0;
    this.entryPrice = NaN;
    this.entryIndex = -1;
    this.units = 0;
    this.stopPrice = NaN;
    this.takeProfit = NaN;
  }

  add(sign: 1 | -1, quantity: number, price: number, index: number): void {
    if (this.position !== 0 && Math.sign(this.position) !== sign) this.flatten(price);
    const signed = sign * quantity;
    if (this.position === 0) {
      this.entryIndex = index;
      this.entryPrice = price;
    } else {
      this.entryPrice =
        (this.entryPrice * this.position + price * signed) / (this.position + signed);
    }
    this.position += signed;
    this.units += 1;
    this.cash -= signed * price;
  }
}

function apply(ctx: SimulatedContext, intent: Intent, i: number, quantity: number): void {
  const open = ctx.bars.open[i];
  switch (intent.kind) {
    case 'enter': {
      const sign = intent.side === 'long' ? 1 : -1;
      if (sign < 0 && !ctx.allowShort) {
        throw new Error(`bar ${i}: short entry although shorts are not allowed`);
      }
      const qty = intent.quantity ?? quantity;
      if (!Number.isInteger(qty) || qty < 1) throw new Error(`bar ${i}: bad quantity ${qty}`);
      ctx.add(sign, qty, open, i);
      if (intent.stopLoss !== undefined) ctx.stopPrice = intent.stopLoss;
      if (intent.takeProfit !== undefined) ctx.takeProfit = intent.takeProfit;
      break;
    }
    case 'exit':
      if (ctx.position !== 0) ctx.flatten(open);
      break;
    case 'stop':
      if (ctx.position !== 0) ctx.stopPrice = intent.price;
      break;
    case 'cancel':
      break;
  }
}

/** Stop and target checks on bar i; a gap through the level fills at the open. */
function checkExits(ctx: SimulatedContext, i: number): void {
  if (ctx.position === 0) return;
  const { open, high, low } = ctx.bars;
  const long = ctx.position > 0;
  if (long ? low[i] <= ctx.stopPrice : high[i] >= ctx.stopPrice) {
    ctx.flatten(long ? Math.min(open[i], ctx.stopPrice) : Math.max(open[i], ctx.stopPrice));
  } else if (long ? high[i] >= ctx.takeProfit : low[i] <= ctx.takeProfit) {
    ctx.flatten(long ? Math.max(open[i], ctx.takeProfit) : Math.min(open[i], ctx.takeProfit));
  }
}

export function replayStrategy(
  strategy: Strategy,
  bars: BarSeries,
  options: ReplayOptions = {},
): ReplayResult {
  const ctx = new SimulatedContext(
    bars,
    options.initialCash ?? 100_000,
    options.allowShort ?? false,
  );
  const quantity = options.defaultQuantity ?? 100;
  const intents: Intent[][] = [];
  const positions: number[] = [];
  let pending: readonly Intent[] = [];
  strategy.init(bars);
  for (let i = 0; i < bars.length; i++) {
    for (const intent of pending) apply(ctx, intent, i, quantity);
    checkExits(ctx, i);
    ctx.index = i;
    ctx.equity = ctx.cash + ctx.position * bars.close[i];
    const out = strategy.onBar(ctx);
    const list = out === null ? [] : Array.isArray(out) ? [...out] : [out as Intent];
    intents.push(list);
    positions.push(ctx.position);
    pending = list;
  }
  return { intents, positions };
}
