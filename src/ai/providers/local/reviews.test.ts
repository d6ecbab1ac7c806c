import { describe, expect, it } from 'vitest';
import { portfolioProposalSchema } from '../../analyses/portfolio-review.ts';
import { signalReviewSchema } from '../../analyses/signal-review.ts';
import { reviewedStrength } from '../../analyses/signal-review.ts';
import type { SymbolContext } from '../../context.ts';
import { context, portfolioInput, signalInput } from '../../../../test/ai/support/inputs.ts';
import { reviewPortfolioLocally, reviewSignalLocally, scoreNewsLocally } from './reviews.ts';

const withNews = (title: string): SymbolContext => ({
  ...context,
  news: [{ publishedAt: '2024-01-04T00:00:00.000Z', title, summary: null, sentiment: null }],
});

describe('local signal review', () => {
  it('vetoes a buy against clearly bad news', () => {
    const review = reviewSignalLocally({
      ...signalInput,
      context: withNews('Acme files for bankruptcy after going concern warning'),
    });
    expect(signalReviewSchema.parse(review).decision).toBe('veto');
    expect(reviewedStrength(signalInput.signal, review)).toBe(0);
  });

  it('raises confidence in a buy with good news and an uptrend', () => {
    const review = reviewSignalLocally(signalInput);
    expect(review.decision).toBe('adjust');
    expect(review.confidenceChange).toBeGreaterThan(0);
    expect(review.rationale).toContain('news sentiment');
  });

  it('confirms unchanged without prices or news', () => {
    const review = reviewSignalLocally({
      ...signalInput,
      context: { ...context, prices: [], news: [] },
    });
    expect(review).toEqual({
      decision: 'confirm',
      confidenceChange: 0,
      rationale: 'Confirm: no recent prices or news.',
    });
  });
});

describe('local portfolio review', () => {
  it('buys an uptrending micro-cap with a stop below the price', () => {
    const proposal = portfolioProposalSchema.parse(reviewPortfolioLocally(portfolioInput));
    expect(proposal.trades).toHaveLength(1);
    expect(proposal.trades[0]).toMatchObject({ action: 'buy', symbol: 'ACME' });
    expect(proposal.trades[0].stopLoss!).toBeLessThan(2.6);
  });

  it('sells a holding whose stop was hit', () => {
    const proposal = reviewPortfolioLocally({
      ...portfolioInput,
      universe: [],
      holdings: [{ symbol: 'ACME', shares: 50, avgCost: 3, stopLoss: 2.7 }],
    });
    expect(proposal.trades).toEqual([
      expect.objectContaining({ action: 'sell', symbol: 'ACME', shares: 50 }),
    ]);
  });
});

describe('local news scoring', () => {
  it('scores every item by id', () => {
    const out = scoreNewsLocally({
      symbol: 'ACME',
      items: [
        { id: 'a', title: 'Acme beats estimates', summary: null },
        { id: 'b', title: 'Acme delisting notice', summary: null },
      ],
    });
    expect(out.scores.map((s) => [s.id, s.label])).toEqual([
      ['a', 'positive'],
      ['b', 'negative'],
    ]);
  });
});
