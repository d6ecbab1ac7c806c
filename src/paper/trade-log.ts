import type { Order } from '../backtest/orders.ts';
import type { Fill, Trade } from '../domain/trading.ts';

/** One line of the experiment's trade log: a buy (shares bought) or a sell (shares sold). */
export interface TradeLogRow {
  /** Epoch ms of the fill's bar. */
  readonly time: number;
  readonly symbol: string;
  readonly sharesBought: number | null;
  readonly buyPrice: number | null;
  readonly costBasis: number | null;
  /** Realised pnl net of all costs (0 on a buy). */
  readonly pnl: number;
  readonly reason: string;
  readonly sharesSold: number | null;
  readonly sellPrice: number | null;
}

/**
 * The reason of a closed trade as the trade log shows it. A protective stop says where it
 * stood and whether the bar reached it (filled at the stop) or gapped through it (filled at
 * the open): `working` holds the orders as they were before the day's bar.
 */
export function describeExit(
  trade: Trade,
  fills: readonly Fill[],
  working: ReadonlyMap<number, Order>,
): string {
  const exitFills = fills.filter((f) => f.symbol === trade.symbol && f.side === 'sell');
  for (const fill of exitFills) {
    const order = working.get(fill.orderId);
    if (!order || (order.role !== 'stop-loss' && order.role !== 'trailing-stop')) continue;
    const label = order.role === 'stop-loss' ? 'STOP LOSS' : 'TRAILING STOP';
    const stop = order.stopPrice;
    if (fill.referencePrice < stop) {
      return `${label} ${money(stop)} gapped: filled at the open ${money(fill.referencePrice)}`;
    }
    return `${label} ${money(stop)} hit: filled at the stop`;
  }
  return trade.exitReason;
}

function money(value: number): string {
  return value.toFixed(2);
}
