import type { OrderType, Side, TimeInForce } from '../domain/trading.ts';
import type { TrailingSpec } from '../strategies/types.ts';

/**
 * What an order is for. Entries open or add to a position; every other role closes the whole
 * position (its size is read at fill time). Protective roles (stop-loss, take-profit,
 * trailing-stop) are placed when an entry fills and cancel each other (OCO) once one fills.
 */
export type OrderRole = 'entry' | 'exit' | 'stop-loss' | 'take-profit' | 'trailing-stop';

export type OrderStatus = 'working' | 'filled' | 'cancelled' | 'rejected' | 'expired';

export interface Order {
  readonly id: number;
  readonly symbol: string;
  readonly role: OrderRole;
  side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Stop trigger (stop, stop-limit, trailing-stop: the current trailing level). */
  stopPrice: number;
  /** Limit price (limit, stop-limit). */
  readonly limitPrice: number;
  /** Stop-type orders: once triggered they work as market (or limit) orders. */
  triggered: boolean;
  /** Entries: shares still to fill; NaN until sized (rule-sized orders size at first fill). */
  remaining: number;
  /** Shares filled so far. */
  filled: number;
  /** True when the quantity came from a sizing rule (reduced, not rejected, if unaffordable). */
  readonly ruleSized: boolean;
  readonly riskPerShare: number;
  /** Bracket for the position, applied when this entry fills. */
  readonly stopLoss: number;
  readonly takeProfit: number;
  readonly trailing: TrailingSpec | null;
  /** Trailing stops: best close seen since placement (highest for longs, lowest for shorts). */
  anchor: number;
  /** Bars of this symbol on which a liquidity-limited remainder was carried. */
  carriedBars: number;
  /** Calendar step from which the order may execute (the step after it was submitted). */
  readonly activeFrom: number;
  readonly reason: string;
  status: OrderStatus;
}

export type OrderEventKind =
  'submitted' | 'filled' | 'partial' | 'cancelled' | 'rejected' | 'expired';

/** One line of the order log. `quantity` and `price` are the fill's for filled/partial events. */
export interface OrderEvent {
  readonly time: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly kind: OrderEventKind;
  readonly role: OrderRole;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly price: number;
  readonly reason: string;
}

/** Order of processing within a bar: protective stops first (the conservative assumption when
 * a stop and a target could both trigger in one bar), then targets, exits, and entries last. */
export function rolePriority(role: OrderRole): number {
  switch (role) {
    case 'stop-loss':
      return 0;
    case 'trailing-stop':
      return 1;
    case 'take-profit':
      return 2;
    case 'exit':
      return 3;
    case 'entry':
      return 4;
  }
}

/** Whether a fill of this order crosses the spread (pays slippage and spread) or rests. */
export function isAggressive(order: Order): boolean {
  return order.type === 'market' || order.type === 'stop' || order.type === 'trailing-stop';
}

/**
 * Reference (cost-free) fill price of a working order on a bar, or NaN when the bar does not
 * reach it. Sets `triggered` on stop-type orders whose trigger the bar touches.
 *
 * - market: the open.
 * - limit buy: fills when low <= limit, at min(open, limit) (a gap down fills at the better
 *   open); limit sell: high >= limit, at max(open, limit).
 * - stop / trailing-stop sell: triggers when low <= stop, fills at min(open, stop), so a gap
 *   through the stop fills at the open, not at the stop; buy mirrored. After triggering, an
 *   unfilled remainder fills at later opens like a market order.
 * - stop-limit: the stop triggers as above at p0; the limit then fills at p0 when p0 is within
 *   the limit, else at the limit if the rest of the bar reaches it; later bars treat it as a
 *   plain limit.
 */
export function referencePrice(order: Order, open: number, high: number, low: number): number {
  const buy = order.side === 'buy';
  switch (order.type) {
    case 'market':
      return open;
    case 'limit':
      return limitPrice(buy, order.limitPrice, open, high, low);
    case 'stop':
    case 'trailing-stop': {
      if (order.triggered) return open;
      const p = stopTrigger(buy, order.stopPrice, open, high, low);
      if (p === p) order.triggered = true;
      return p;
    }
    case 'stop-limit': {
      if (order.triggered) return limitPrice(buy, order.limitPrice, open, high, low);
      const p0 = stopTrigger(buy, order.stopPrice, open, high, low);
      if (p0 !== p0) return NaN;
      order.triggered = true;
      const limit = order.limitPrice;
      if (buy ? p0 <= limit : p0 >= limit) return p0;
      if (buy ? low <= limit : high >= limit) return limit;
      return NaN;
    }
  }
}

function limitPrice(buy: boolean, limit: number, open: number, high: number, low: number): number {
  if (buy) return low <= limit ? Math.min(open, limit) : NaN;
  return high >= limit ? Math.max(open, limit) : NaN;
}

function stopTrigger(buy: boolean, stop: number, open: number, high: number, low: number): number {
  if (buy) return high >= stop ? Math.max(open, stop) : NaN;
  return low <= stop ? Math.min(open, stop) : NaN;
}

/** Trailing level from the anchor: below it for a sell (long) stop, above for a buy stop. */
export function trailingLevel(spec: TrailingSpec, anchor: number, side: Side): number {
  if ('percent' in spec) {
    return side === 'sell' ? anchor * (1 - spec.percent / 100) : anchor * (1 + spec.percent / 100);
  }
  return side === 'sell' ? anchor - spec.amount : anchor + spec.amount;
}
