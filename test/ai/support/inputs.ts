import type { EvaluationInput } from '../../../src/ai/analyses/strategy-evaluation.ts';
import type { NewsSentimentInput } from '../../../src/ai/analyses/news-sentiment.ts';
import type { SignalReviewInput } from '../../../src/ai/analyses/signal-review.ts';
import type { PortfolioReviewInput } from '../../../src/ai/analyses/portfolio-review.ts';
import { DEFAULT_PORTFOLIO_RULES } from '../../../src/ai/analyses/portfolio-review.ts';
import type { SymbolContext } from '../../../src/ai/context.ts';

/** Small hand-made inputs for every built-in analysis. */

export const evaluationInput: EvaluationInput = {
  strategy: 'ma-crossover',
  params: { type: 'sma', fast: 10, slow: 30 },
  symbols: ['ACME'],
  start: '2020-01-02',
  end: '2023-12-29',
  initialCapital: 10_000,
  finalValue: 12_500,
  synthetic: false,
  metrics: {
    totalReturn: 0.25,
    sharpeRatio: 0.8,
    maxDrawdown: 0.22,
    profitFactor: 1.4,
    trades: 42,
    exposure: 0.5,
    buyAndHoldReturn: 0.1,
    winRate: 0.45,
    deflatedSharpe: null,
  },
  tradeStats: {
    count: 42,
    grossProfit: 6000,
    grossLoss: 3500,
    largestWinShareOfProfit: 0.2,
    symbolsTraded: 1,
  },
  costs: { commission: 100, slippage: 50, spread: 200 },
};

export const newsInput: NewsSentimentInput = {
  symbol: 'ACME',
  items: [
    { id: 'n1', title: 'Acme beats estimates and raises guidance', summary: null },
    { id: 'n2', title: 'Acme announces public offering', summary: 'Dilution for holders' },
  ],
};

export const context: SymbolContext = {
  symbol: 'ACME',
  asOf: '2024-01-05',
  prices: [1, 2, 3, 4, 5, 6].map((d) => ({
    date: `2024-01-0${d > 5 ? 5 : d}`,
    open: 2 + d * 0.1,
    high: 2.2 + d * 0.1,
    low: 1.9 + d * 0.1,
    close: 2 + d * 0.1,
    volume: 100_000,
  })),
  news: [
    {
      publishedAt: '2024-01-04T13:00:00.000Z',
      title: 'Acme wins contract',
      summary: null,
      sentiment: null,
    },
  ],
};

export const signalInput: SignalReviewInput = {
  signal: {
    symbol: 'ACME',
    strategy: 'ma-crossover',
    action: 'buy',
    strength: 0.6,
    price: 2.6,
    reason: 'SMA(10/30) crossed above',
  },
  context,
};

export const portfolioInput: PortfolioReviewInput = {
  date: '2024-01-05',
  cash: 1_000,
  holdings: [],
  universe: [{ symbol: 'ACME', marketCap: 50_000_000 }],
  contexts: [context],
  rules: DEFAULT_PORTFOLIO_RULES,
};
