/**
 * Marks paper portfolios to market for the dashboard: the API returns cash and positions
 * (shares, average price); the latest stored close of each symbol values them.
 */

export interface HeldPosition {
  readonly symbol: string;
  readonly quantity: number;
  readonly avgPrice: number;
}

export interface ValuedPosition extends HeldPosition {
  /** null when no price is known for the symbol. */
  readonly lastPrice: number | null;
  readonly marketValue: number | null;
  readonly unrealizedPnl: number | null;
}

export interface Valuation {
  readonly positions: ValuedPosition[];
  /** Cash plus the positions' market value; positions without a price count at cost. */
  readonly equity: number;
  readonly pnl: number;
  readonly pnlPct: number | null;
  /** Symbols valued at cost because no price was available. */
  readonly unpriced: string[];
}

export function valuePortfolio(
  cash: number,
  initialCash: number,
  positions: readonly HeldPosition[],
  lastPrices: ReadonlyMap<string, number>,
): Valuation {
  let equity = cash;
  const unpriced: string[] = [];
  const valued = positions.map((position) => {
    const lastPrice = lastPrices.get(position.symbol) ?? null;
    if (lastPrice === null) {
      unpriced.push(position.symbol);
      equity += position.quantity * position.avgPrice;
      return { ...position, lastPrice, marketValue: null, unrealizedPnl: null };
    }
    const marketValue = position.quantity * lastPrice;
    equity += marketValue;
    return {
      ...position,
      lastPrice,
      marketValue,
      // Signed quantity makes this right for shorts too: (last - avg) * qty.
      unrealizedPnl: (lastPrice - position.avgPrice) * position.quantity,
    };
  });
  const pnl = equity - initialCash;
  return {
    positions: valued,
    equity,
    pnl,
    pnlPct: initialCash > 0 ? pnl / initialCash : null,
    unpriced,
  };
}
