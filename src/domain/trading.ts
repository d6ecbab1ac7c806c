/** Shared trading vocabulary: the backtest engine, paper trading and analytics all speak it. */

export type Side = 'buy' | 'sell';
export type PositionSide = 'long' | 'short';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit' | 'trailing-stop';
export type TimeInForce = 'day' | 'gtc';

/** One execution. Prices are per share; cost fields are cash amounts for this fill. */
export interface Fill {
  readonly orderId: number;
  readonly symbol: string;
  readonly side: Side;
  /** Epoch ms of the bar the fill happened on. */
  readonly time: number;
  readonly quantity: number;
  /** Price actually paid or received, after slippage and half the spread. */
  readonly price: number;
  /** The price the order would have filled at with no costs (open, stop, limit). */
  readonly referencePrice: number;
  readonly commission: number;
  readonly slippage: number;
  readonly spread: number;
}

/**
 * A closed round trip (entry fills to exit fills) in one symbol. `pnl` is net of every cost
 * paid on both legs; `returnPct` is pnl over the entry cost basis (a fraction).
 */
export interface Trade {
  readonly symbol: string;
  readonly side: PositionSide;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly pnl: number;
  readonly returnPct: number;
  readonly commission: number;
  readonly slippage: number;
  readonly spread: number;
  /** Bars between entry and exit fill (0 when both on the same bar). */
  readonly barsHeld: number;
  readonly entryReason: string;
  readonly exitReason: string;
}
