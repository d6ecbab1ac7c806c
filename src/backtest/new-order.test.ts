import { describe, expect, it } from 'vitest';
import { newOrder } from './new-order.ts';

const HEAD = {
  id: 3,
  symbol: 'ACME',
  role: 'stop-loss',
  side: 'sell',
  type: 'stop',
  timeInForce: 'gtc',
  activeFrom: 5,
  reason: 'stop-loss (test)',
} as const;

describe('newOrder', () => {
  it('starts blank: working, unfilled, unsized, no bracket', () => {
    const order = newOrder(HEAD);
    expect(order).toMatchObject({ ...HEAD, filled: 0, triggered: false, status: 'working' });
    expect(order.ruleSized).toBe(false);
    expect(order.trailing).toBeNull();
    expect(order.carriedBars).toBe(0);
    for (const field of ['stopPrice', 'limitPrice', 'remaining', 'riskPerShare', 'anchor'] as const)
      expect(order[field]).toBeNaN();
  });

  it('takes the details given and keeps the Order field order', () => {
    const order = newOrder(HEAD, { stopPrice: 9.5, filled: 10, status: 'filled' });
    expect(order.stopPrice).toBe(9.5);
    expect(order.filled).toBe(10);
    expect(order.status).toBe('filled');
    expect(Object.keys(order)).toEqual([
      'id',
      'symbol',
      'role',
      'side',
      'type',
      'timeInForce',
      'stopPrice',
      'limitPrice',
      'triggered',
      'remaining',
      'filled',
      'ruleSized',
      'riskPerShare',
      'stopLoss',
      'takeProfit',
      'trailing',
      'anchor',
      'carriedBars',
      'activeFrom',
      'reason',
      'status',
    ]);
  });
});
