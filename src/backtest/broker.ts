import type { Fill, Side } from '../domain/trading.ts';
import type { TrailingSpec } from '../strategies/types.ts';
import { commissionFor, halfSpreadFraction, slippageFraction } from './costs.ts';
import {
  isAggressive,
  referencePrice,
  rolePriority,
  trailingLevel,
  type Order,
  type OrderRole,
} from './orders.ts';
import { newOrder } from './new-order.ts';
import { affordableShares, formatSizingRule, targetShares } from './sizing.ts';
import type { RunState, SymbolState } from './state.ts';
import { averageTrueRange } from './trailing-stats.ts';

/**
 * The simulated broker: works one symbol's orders against its bar. Orders run in priority
 * order (protective stops, trailing stops, take-profits, exits, then entries), so when a stop
 * and a target could both trigger in one bar the stop is assumed first (the conservative
 * reading of a daily bar, whose intraday path is unknown). All orders of the symbol share the
 * bar's volume cap.
 */
export function processOrders(run: RunState, s: SymbolState, step: number): void {
  const participation = run.config.costs.participation;
  s.liquidity =
    participation === null ? Infinity : Math.floor(participation * s.series.volume[s.bar]);
  for (let priority = 0; priority <= 4; priority++) {
    const orders = s.orders;
    for (let k = 0; k < orders.length; k++) {
      const order = orders[k];
      if (order.status !== 'working' || order.activeFrom > step) continue;
      if (rolePriority(order.role) !== priority) continue;
      workOrder(run, s, order, step);
    }
  }
  run.compact(s);
}

const DEFAULT_CARRY_BARS = 5;
const DEFAULT_RISK_ATR_WINDOW = 20;

function workOrder(run: RunState, s: SymbolState, order: Order, step: number): void {
  const position = s.book.quantity;
  const closing = order.role !== 'entry';
  if (closing) {
    if (position === 0 || position > 0 !== (order.side === 'sell')) {
      run.finish(order, 'cancelled', 'no open position to close');
      return;
    }
  } else if (position !== 0 && position > 0 !== (order.side === 'buy')) {
    // A reversal: the entry waits until the exit of the opposite position has filled.
    return;
  }
  const i = s.bar;
  const series = s.series;
  const ref = referencePrice(order, series.open[i], series.high[i], series.low[i]);
  if (ref !== ref) {
    if (order.timeInForce === 'day')
      run.finish(order, 'expired', 'day order not filled on its bar');
    return;
  }
  let wanted: number;
  if (closing) {
    // An exit with a set size (a manual partial sell) closes only that many shares.
    const partial = order.role === 'exit' && order.remaining === order.remaining;
    wanted = partial ? Math.min(order.remaining, Math.abs(position)) : Math.abs(position);
  } else {
    if (order.remaining !== order.remaining && !sizeEntry(run, s, order, ref)) return;
    wanted = order.remaining;
  }
  let quantity = Math.min(wanted, s.liquidity);
  if (quantity > 0 && !closing) {
    quantity = affordEntry(run, s, order, ref, quantity);
    if (quantity < 0) return;
  }
  if (quantity > 0) executeFill(run, s, order, ref, quantity, step);
  if (order.status !== 'working') return;
  if (closing || order.remaining > 0) carryRemainder(run, order);
}

/** A reached order that could not fill completely (volume cap or zero volume). */
function carryRemainder(run: RunState, order: Order): void {
  if (order.role !== 'entry' || order.timeInForce === 'gtc') return;
  order.carriedBars++;
  const limit = run.config.maxCarryBars ?? DEFAULT_CARRY_BARS;
  if (order.carriedBars > limit) {
    run.finish(order, 'expired', `volume cap: remainder not filled within ${limit} more bars`);
  }
}

/** Sizes a rule-sized entry on the bar it first becomes executable. False when rejected. */
function sizeEntry(run: RunState, s: SymbolState, order: Order, ref: number): boolean {
  const config = run.config;
  const equity = run.equity();
  let risk = order.riskPerShare;
  if (config.sizing.kind === 'risk' && !(risk > 0)) {
    risk = averageTrueRange(s.series, s.bar, config.riskAtrWindow ?? DEFAULT_RISK_ATR_WINDOW);
  }
  let target = targetShares(config.sizing, equity, ref, risk);
  if (config.maxPositionFraction !== undefined) {
    const room =
      Math.floor((config.maxPositionFraction * equity) / ref) - Math.abs(s.book.quantity);
    target = Math.min(target, room);
  }
  if (target > 0 && target !== Infinity) {
    order.remaining = target;
    return true;
  }
  if (target === Infinity) {
    // all-in: the budget decides; price the estimate with the impact of that size.
    const budget = run.buyingPower();
    const rough = Math.floor(budget / ref);
    // Not even one share at the cost-free price: no need to price the costs.
    const price = rough < 1 ? ref : fillPrice(run, s, order, ref, rough);
    if (sizeToCash(run, order, budget, price, rough) > 0) return true;
    run.finish(
      order,
      'rejected',
      `insufficient cash: buying power ${money(budget)} buys no share at ${money(price)}`,
    );
    return false;
  }
  let why = `sizing ${formatSizingRule(config.sizing)} gives 0 shares at ${money(ref)}`;
  if (config.sizing.kind === 'risk' && !(risk > 0))
    why = 'risk sizing needs a positive riskPerShare (no ATR yet)';
  else if (config.maxPositionFraction !== undefined && target <= 0)
    why = 'max position size reached';
  run.finish(order, 'rejected', why);
  return false;
}

/**
 * Checks limits and cash for an entry fill of `quantity`. Returns the shares to fill (reduced
 * for rule-sized orders), or -1 when the order was rejected.
 */
function affordEntry(
  run: RunState,
  s: SymbolState,
  order: Order,
  ref: number,
  quantity: number,
): number {
  const config = run.config;
  if (
    s.book.quantity === 0 &&
    config.maxPositions !== undefined &&
    run.open.length >= config.maxPositions
  ) {
    run.finish(order, 'rejected', `max open positions (${config.maxPositions}) reached`);
    return -1;
  }
  const fraction = config.maxPositionFraction;
  if (fraction !== undefined) {
    const room = Math.floor((fraction * run.equity()) / ref) - Math.abs(s.book.quantity);
    if (quantity > room) {
      if (!order.ruleSized || room <= 0) {
        run.finish(order, 'rejected', `max position size (${fraction} of equity) reached`);
        return -1;
      }
      order.remaining = room;
      quantity = room;
    }
  }
  const budget = run.buyingPower();
  // A buy costs at least its cost-free value; skip pricing costs for an order that far off.
  const cheapest = quantity * ref;
  const price =
    order.side === 'buy' && (order.ruleSized ? budget < ref : cheapest > budget)
      ? ref
      : fillPrice(run, s, order, ref, quantity);
  const cost = quantity * price + commissionFor(config.costs.commission, quantity, price);
  if (cost <= budget) return quantity;
  if (order.ruleSized) {
    // Cash is the binding limit: nothing would be left for a remainder, so drop it.
    const shares = sizeToCash(run, order, budget, price, quantity);
    if (shares > 0) return shares;
  }
  run.finish(
    order,
    'rejected',
    `insufficient cash: ${quantity} shares need ${money(cost)}, buying power ${money(budget)}`,
  );
  return -1;
}

/**
 * The most whole shares, up to `upTo`, that `budget` pays for at `price` with commission. When
 * that is at least one, the order is resized to it.
 */
function sizeToCash(
  run: RunState,
  order: Order,
  budget: number,
  price: number,
  upTo: number,
): number {
  const commission = run.config.costs.commission;
  const shares = affordableShares(budget, price, upTo, (q) => commissionFor(commission, q, price));
  if (shares > 0) order.remaining = shares;
  return shares;
}

function money(value: number): string {
  return value.toFixed(2);
}

/**
 * Slippage and half-spread fractions, capped for a sell so its price cannot go below zero:
 * slippage at most 1, and the half-spread at most what slippage leaves of it.
 */
function sellableCosts(side: Side, slip: number, half: number): [number, number] {
  if (side !== 'sell') return [slip, half];
  const cappedSlip = Math.min(slip, 1);
  return [cappedSlip, slip + half > 1 ? Math.max(0, 1 - cappedSlip) : half];
}

/** Price after slippage and half the spread, against the trader. */
function fillPrice(
  run: RunState,
  s: SymbolState,
  order: Order,
  ref: number,
  quantity: number,
): number {
  if (!isAggressive(order)) return ref;
  const bar = s.costs.at(s.bar);
  const fraction = bar.slippage(quantity) + bar.halfSpread();
  return order.side === 'buy' ? ref * (1 + fraction) : ref * Math.max(0, 1 - fraction);
}

function executeFill(
  run: RunState,
  s: SymbolState,
  order: Order,
  ref: number,
  quantity: number,
  step: number,
): void {
  let slip = 0;
  let half = 0;
  if (isAggressive(order)) {
    const bar = s.costs.at(s.bar);
    [slip, half] = sellableCosts(order.side, bar.slippage(quantity), bar.halfSpread());
  }
  const fill = bookFill(
    run,
    s,
    order,
    order.side,
    ref,
    quantity,
    slip,
    half,
    s.series.time[s.bar],
    s.bar,
    order.reason,
  );
  order.filled += quantity;
  const wasProtective = order.role !== 'entry' && order.role !== 'exit';
  if (order.role === 'entry') {
    order.remaining -= quantity;
    const done = order.remaining <= 0;
    if (done) order.status = 'filled';
    run.log(order, done ? 'filled' : 'partial', quantity, fill.price, order.reason);
    attachBracket(run, s, order, ref, step);
  } else {
    let done = s.book.quantity === 0;
    if (order.role === 'exit' && order.remaining === order.remaining) {
      order.remaining -= quantity;
      done ||= order.remaining <= 0;
    }
    if (done) order.status = 'filled';
    run.log(order, done ? 'filled' : 'partial', quantity, fill.price, order.reason);
  }
  s.liquidity -= quantity;
  if (wasProtective) cancelClosing(run, s, order, `OCO: ${order.role} #${order.id} filled`);
  if (s.book.quantity === 0) cancelClosing(run, s, order, 'position closed');
}

/**
 * Records one fill: cash, costs, totals, the position book and the open list. Shared by order
 * fills and the end-of-backtest close.
 */
export function bookFill(
  run: RunState,
  s: SymbolState,
  order: Order,
  side: Side,
  ref: number,
  quantity: number,
  slipFraction: number,
  halfSpread: number,
  time: number,
  barIndex: number,
  reason: string,
): Fill {
  const sign = side === 'buy' ? 1 : -1;
  const price = ref * (1 + sign * (slipFraction + halfSpread));
  const slippage = quantity * ref * slipFraction;
  const spread = quantity * ref * halfSpread;
  const commission = commissionFor(run.config.costs.commission, quantity, price);
  const fill: Fill = {
    orderId: order.id,
    symbol: s.series.symbol,
    side,
    time,
    quantity,
    price,
    referencePrice: ref,
    commission,
    slippage,
    spread,
  };
  run.cash -= sign * quantity * price + commission;
  const totals = run.totals;
  totals.commission += commission;
  totals.slippage += slippage;
  totals.spread += spread;
  totals.tradedValue += quantity * price;
  run.fills.push(fill);
  s.book.applyFill(fill, barIndex, reason);
  run.syncOpen(s);
  return fill;
}

/** Cancels the symbol's other working closing orders (OCO, or the position is gone). */
function cancelClosing(run: RunState, s: SymbolState, except: Order, reason: string): void {
  for (const other of s.orders) {
    if (other !== except && other.role !== 'entry' && other.status === 'working') {
      if (reason.startsWith('OCO') && other.role === 'exit') continue;
      run.finish(other, 'cancelled', reason);
    }
  }
}

/** Places or refreshes the position's protective orders after an entry fill. */
function attachBracket(
  run: RunState,
  s: SymbolState,
  entry: Order,
  ref: number,
  step: number,
): void {
  if (entry.stopLoss === entry.stopLoss)
    setProtective(run, s, 'stop-loss', entry.stopLoss, null, ref, step, entry.reason);
  if (entry.takeProfit === entry.takeProfit)
    setProtective(run, s, 'take-profit', entry.takeProfit, null, ref, step, entry.reason);
  if (entry.trailing)
    setProtective(run, s, 'trailing-stop', NaN, entry.trailing, ref, step, entry.reason);
}

/**
 * Puts a protective order of `role` on the open position, replacing one with a different
 * level. Active from the next calendar step: a daily bar does not say whether its range came
 * before or after the entry fill.
 */
export function setProtective(
  run: RunState,
  s: SymbolState,
  role: Exclude<OrderRole, 'entry' | 'exit'>,
  price: number,
  trailing: TrailingSpec | null,
  anchor: number,
  step: number,
  reason: string,
): void {
  const side: Side = s.book.quantity > 0 ? 'sell' : 'buy';
  for (const existing of s.orders) {
    if (existing.role !== role || existing.status !== 'working') continue;
    const same =
      role === 'take-profit'
        ? existing.limitPrice === price
        : role === 'stop-loss'
          ? existing.stopPrice === price
          : sameTrailing(existing.trailing, trailing);
    if (same && existing.side === side) return;
    run.finish(existing, 'cancelled', `replaced by a new ${role}`);
  }
  const stopPrice =
    role === 'trailing-stop' && trailing ? trailingLevel(trailing, anchor, side) : price;
  const order = newOrder(
    {
      id: run.nextOrderId(),
      symbol: s.series.symbol,
      role,
      side,
      type: role === 'take-profit' ? 'limit' : role === 'stop-loss' ? 'stop' : 'trailing-stop',
      timeInForce: 'gtc',
      activeFrom: step + 1,
      reason: `${role} (${reason})`,
    },
    {
      stopPrice: role === 'take-profit' ? NaN : stopPrice,
      limitPrice: role === 'take-profit' ? price : NaN,
      trailing,
      anchor,
    },
  );
  s.orders.push(order);
  run.log(order, 'submitted', 0, role === 'take-profit' ? price : stopPrice, order.reason);
}

function sameTrailing(a: TrailingSpec | null, b: TrailingSpec | null): boolean {
  if (!a || !b) return a === b;
  if ('percent' in a) return 'percent' in b && a.percent === b.percent;
  return 'amount' in b && a.amount === b.amount;
}

/**
 * Ratchets the symbol's trailing stops on the bar's close (not its high: the close is the
 * price the strategy also sees, and the high's time within the bar is unknown). The new
 * level applies from the next bar.
 */
export function ratchetTrailing(s: SymbolState, close: number): void {
  for (const order of s.orders) {
    if (order.role !== 'trailing-stop' || order.status !== 'working' || !order.trailing) continue;
    if (order.triggered) continue;
    const better = order.side === 'sell' ? close > order.anchor : close < order.anchor;
    if (!better) continue;
    order.anchor = close;
    order.stopPrice = trailingLevel(order.trailing, close, order.side);
  }
}

/**
 * Closes every open position at its symbol's last close, with costs and no volume cap, as
 * trades with exitReason 'end of backtest', so the final equity is all cash and the
 * accounting identities hold. Working orders are cancelled first.
 */
export function closeAtEnd(run: RunState): void {
  const reason = 'end of backtest';
  for (const s of run.symbols) {
    for (const order of s.orders) run.finish(order, 'cancelled', reason);
    run.compact(s);
  }
  for (const s of [...run.open]) {
    const q = s.book.quantity;
    const last = s.series.length - 1;
    const side: Side = q > 0 ? 'sell' : 'buy';
    const quantity = Math.abs(q);
    const order = newOrder(
      {
        id: run.nextOrderId(),
        symbol: s.series.symbol,
        role: 'exit',
        side,
        type: 'market',
        timeInForce: 'day',
        activeFrom: 0,
        reason,
      },
      { filled: quantity, status: 'filled' },
    );
    const costs = run.config.costs;
    // Costs are priced on the window that ends with the last bar (the fill is at its close).
    const [slip, half] = sellableCosts(
      side,
      slippageFraction(costs.slippage, s.series, last + 1, quantity),
      halfSpreadFraction(costs.spread, s.series, last + 1),
    );
    run.log(order, 'submitted', quantity, NaN, reason);
    const fill = bookFill(
      run,
      s,
      order,
      side,
      s.lastClose,
      quantity,
      slip,
      half,
      s.series.time[last],
      last,
      reason,
    );
    run.log(order, 'filled', quantity, fill.price, reason);
    s.book.flush();
  }
}
