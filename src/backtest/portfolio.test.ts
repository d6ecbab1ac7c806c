import { describe, expect, it } from 'vitest';
import type { Fill, Trade } from '../domain/trading.ts';
import { PositionBook } from './portfolio.ts';

function fill(
  orderId: number,
  side: 'buy' | 'sell',
  quantity: number,
  price: number,
  commission: number,
  time: number,
): Fill {
  return {
    orderId,
    symbol: 'X',
    side,
    time,
    quantity,
    price,
    referencePrice: price,
    commission,
    slippage: 0,
    spread: 0,
  };
}

describe('PositionBook (average cost)', () => {
  it('averages entries and turns a partial exit into a trade for the exited quantity', () => {
    const trades: Trade[] = [];
    const book = new PositionBook('X', trades);
    book.applyFill(fill(1, 'buy', 100, 10, 2, 0), 0, 'first');
    book.applyFill(fill(2, 'buy', 100, 12, 2, 1), 1, 'add');
    expect(book.quantity).toBe(200);
    expect(book.averagePrice).toBe(11);
    expect(book.unrealisedPnl(13)).toBeCloseTo(200 * 2 - 4, 12);

    book.applyFill(fill(3, 'sell', 50, 14, 1, 2), 2, 'trim');
    book.flush(); // order 3 stopped working with the position still open
    expect(trades).toHaveLength(1);
    // 50 of 200 shares: a quarter of the entry commission (1) plus the exit commission (1).
    expect(trades[0]).toMatchObject({
      quantity: 50,
      entryPrice: 11,
      exitPrice: 14,
      commission: 2,
      barsHeld: 2,
    });
    expect(trades[0].pnl).toBeCloseTo(50 * 3 - 2, 12);
    expect(trades[0].returnPct).toBeCloseTo((50 * 3 - 2) / (50 * 11 + 1), 12);

    book.applyFill(fill(4, 'sell', 150, 9, 1, 3), 3, 'out');
    expect(book.quantity).toBe(0);
    expect(trades).toHaveLength(2);
    expect(trades[1].pnl).toBeCloseTo(150 * (9 - 11) - 3 - 1, 12);
    expect(trades[0].pnl + trades[1].pnl).toBeCloseTo(
      50 * 14 + 150 * 9 - 100 * 10 - 100 * 12 - 6,
      12,
    );
    expect(trades[1].entryReason).toBe('first');
  });

  it('accumulates several fills of one exit order into one trade', () => {
    const trades: Trade[] = [];
    const book = new PositionBook('X', trades);
    book.applyFill(fill(1, 'sell', 30, 20, 0, 0), 0, 'short');
    book.chargeBorrow(0.6);
    book.applyFill(fill(2, 'buy', 10, 19, 0, 1), 1, 'cover');
    expect(trades).toHaveLength(0);
    book.applyFill(fill(2, 'buy', 20, 18, 0, 2), 2, 'cover');
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ side: 'short', quantity: 30, entryPrice: 20 });
    expect(trades[0].exitPrice).toBeCloseTo((10 * 19 + 20 * 18) / 30, 12);
    expect(trades[0].pnl).toBeCloseTo(30 * 20 - (10 * 19 + 20 * 18) - 0.6, 12);
  });

  it('refuses to sell more than is held', () => {
    const book = new PositionBook('X', []);
    book.applyFill(fill(1, 'buy', 10, 10, 0, 0), 0, 'in');
    expect(() => book.applyFill(fill(2, 'sell', 11, 10, 0, 1), 1, 'out')).toThrow(/exceeds/);
  });
});
