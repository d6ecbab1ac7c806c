import { describe, expect, it } from 'vitest';
import type { SymbolContext } from '../context.ts';
import { DEFAULT_PORTFOLIO_RULES, enforcePortfolioRules } from './portfolio-review.ts';
import type { PortfolioProposal, PortfolioReviewInput } from './portfolio-review.ts';

const ctx = (symbol: string, close: number): SymbolContext => ({
  symbol,
  asOf: '2024-01-05',
  prices: [{ date: '2024-01-05', open: close, high: close, low: close, close, volume: 1_000 }],
  news: [],
});

const input: PortfolioReviewInput = {
  date: '2024-01-05',
  cash: 5_000,
  holdings: [{ symbol: 'HELD', shares: 100, avgCost: 40, stopLoss: 35 }],
  universe: [
    { symbol: 'ACME', marketCap: 80_000_000 },
    { symbol: 'BIGC', marketCap: 2_000_000_000 },
    { symbol: 'NOPX', marketCap: 10_000_000 },
  ],
  // Equity = 5,000 cash + 100 x 50 = 10,000; 20% position limit = 2,000.
  contexts: [ctx('HELD', 50), ctx('ACME', 10), ctx('BIGC', 5)],
  rules: DEFAULT_PORTFOLIO_RULES,
};

const proposal = (trades: PortfolioProposal['trades']): PortfolioProposal => ({
  summary: 's',
  trades,
});

describe('enforcePortfolioRules', () => {
  it('accepts a trade within the rules unchanged', () => {
    const checked = enforcePortfolioRules(
      proposal([{ action: 'buy', symbol: 'ACME', shares: 100, stopLoss: 8.5, reason: 'r' }]),
      input,
    );
    expect(checked.rejected).toEqual([]);
    expect(checked.accepted).toEqual([
      {
        action: 'buy',
        symbol: 'ACME',
        shares: 100,
        stopLoss: 8.5,
        reason: 'r',
        price: 10,
        adjustments: [],
      },
    ]);
  });

  it('clips a buy to the position limit and raises a too-loose stop', () => {
    const checked = enforcePortfolioRules(
      proposal([{ action: 'buy', symbol: 'ACME', shares: 500, stopLoss: 5, reason: 'r' }]),
      input,
    );
    expect(checked.accepted[0].shares).toBe(200);
    expect(checked.accepted[0].stopLoss).toBe(7.5);
    expect(checked.accepted[0].adjustments).toHaveLength(2);
  });

  it('sets a default stop when none is given', () => {
    const checked = enforcePortfolioRules(
      proposal([{ action: 'buy', symbol: 'ACME', shares: 10, stopLoss: null, reason: 'r' }]),
      input,
    );
    expect(checked.accepted[0].stopLoss).toBe(8.5);
  });

  it('rejects buys outside the micro-cap universe, without a price, or with a stop above price', () => {
    const checked = enforcePortfolioRules(
      proposal([
        { action: 'buy', symbol: 'BIGC', shares: 10, stopLoss: 4, reason: 'r' },
        { action: 'buy', symbol: 'ZZZZ', shares: 10, stopLoss: 4, reason: 'r' },
        { action: 'buy', symbol: 'NOPX', shares: 10, stopLoss: 4, reason: 'r' },
        { action: 'buy', symbol: 'ACME', shares: 10, stopLoss: 11, reason: 'r' },
      ]),
      input,
    );
    expect(checked.accepted).toEqual([]);
    expect(checked.rejected.map((r) => r.reason)).toEqual([
      expect.stringContaining('micro-cap limit'),
      expect.stringContaining('no price'),
      expect.stringContaining('no price'),
      expect.stringContaining('not below the price'),
    ]);
  });

  it('clips sells to the shares held and rejects sells of what is not held', () => {
    const checked = enforcePortfolioRules(
      proposal([
        { action: 'sell', symbol: 'HELD', shares: 150, stopLoss: null, reason: 'r' },
        { action: 'sell', symbol: 'ACME', shares: 1, stopLoss: null, reason: 'r' },
      ]),
      input,
    );
    expect(checked.accepted.map((t) => [t.symbol, t.shares])).toEqual([['HELD', 100]]);
    expect(checked.rejected[0].reason).toContain('not held');
  });

  it('never spends more than the cash (sells first free cash)', () => {
    const poor = { ...input, cash: 300 };
    const checked = enforcePortfolioRules(
      proposal([{ action: 'buy', symbol: 'ACME', shares: 100, stopLoss: 9, reason: 'r' }]),
      poor,
    );
    expect(checked.accepted[0].shares).toBe(30);
    const withSell = enforcePortfolioRules(
      proposal([
        { action: 'buy', symbol: 'ACME', shares: 100, stopLoss: 9, reason: 'r' },
        { action: 'sell', symbol: 'HELD', shares: 20, stopLoss: null, reason: 'r' },
      ]),
      poor,
    );
    expect(withSell.accepted.map((t) => [t.action, t.shares])).toEqual([
      ['sell', 20],
      ['buy', 100],
    ]);
  });

  it('rejects new positions beyond the maximum count', () => {
    const full = { ...input, rules: { ...input.rules, maxPositions: 1 } };
    const checked = enforcePortfolioRules(
      proposal([{ action: 'buy', symbol: 'ACME', shares: 10, stopLoss: 9, reason: 'r' }]),
      full,
    );
    expect(checked.rejected[0].reason).toContain('limit of 1 positions');
  });
});
