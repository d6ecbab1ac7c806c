import type { Order } from './orders.ts';

/** What every new order must say about itself. */
export type OrderHead = Pick<
  Order,
  'id' | 'symbol' | 'role' | 'side' | 'type' | 'timeInForce' | 'activeFrom' | 'reason'
>;

/** The rest, where it differs from a blank order. */
export type OrderDetails = Partial<Omit<Order, keyof OrderHead>>;

/**
 * A new order: working, untriggered, nothing filled, not sized and without a bracket unless
 * `details` says otherwise. Exits and protective orders close the whole position, so they
 * carry no sizing or bracket of their own. The fields keep the order of the Order interface,
 * so orders serialise the same wherever they are made.
 */
export function newOrder(head: OrderHead, details: OrderDetails = {}): Order {
  return {
    id: head.id,
    symbol: head.symbol,
    role: head.role,
    side: head.side,
    type: head.type,
    timeInForce: head.timeInForce,
    stopPrice: details.stopPrice ?? NaN,
    limitPrice: details.limitPrice ?? NaN,
    triggered: details.triggered ?? false,
    remaining: details.remaining ?? NaN,
    filled: details.filled ?? 0,
    ruleSized: details.ruleSized ?? false,
    riskPerShare: details.riskPerShare ?? NaN,
    stopLoss: details.stopLoss ?? NaN,
    takeProfit: details.takeProfit ?? NaN,
    trailing: details.trailing ?? null,
    anchor: details.anchor ?? NaN,
    carriedBars: details.carriedBars ?? 0,
    activeFrom: head.activeFrom,
    reason: head.reason,
    status: details.status ?? 'working',
  };
}
