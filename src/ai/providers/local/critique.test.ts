import { describe, expect, it } from 'vitest';
import { insightsSchema } from '../../analyses/strategy-evaluation.ts';
import type { EvaluationInput } from '../../analyses/strategy-evaluation.ts';
import { critiqueBacktest } from './critique.ts';

const base: EvaluationInput = {
  strategy: 'ma-crossover',
  params: { fast: 10, slow: 30 },
  symbols: ['ACME'],
  start: '2020-01-02',
  end: '2023-12-29',
  initialCapital: 10_000,
  finalValue: 15_000,
  synthetic: false,
  metrics: {
    trades: 150,
    sharpeRatio: 1.3,
    maxDrawdown: 0.12,
    profitFactor: 1.8,
    exposure: 0.5,
    totalReturn: 0.5,
    buyAndHoldReturn: 0.2,
    deflatedSharpe: 0.97,
  },
  tradeStats: {
    count: 150,
    grossProfit: 9000,
    grossLoss: 4000,
    largestWinShareOfProfit: 0.1,
    symbolsTraded: 1,
  },
  costs: { commission: 100, slippage: 100, spread: 100 },
};

const withMetrics = (
  metrics: Record<string, number | null>,
  extra: Partial<EvaluationInput> = {},
) => critiqueBacktest({ ...base, ...extra, metrics: { ...base.metrics, ...metrics } });

describe('critiqueBacktest', () => {
  it('gives a schema-valid, confident verdict on a sound run', () => {
    const insights = critiqueBacktest(base);
    expect(insightsSchema.safeParse(insights).success).toBe(true);
    expect(insights.weaknesses).toEqual([]);
    expect(insights.overfittingConcerns).toEqual([]);
    expect(insights.strengths.length).toBeGreaterThanOrEqual(4);
    expect(insights.confidence).toBeGreaterThan(0.6);
    expect(insights.summary).toContain('promising');
  });

  it('flags few trades as an overfitting concern', () => {
    const insights = withMetrics({ trades: 12 });
    expect(insights.overfittingConcerns.join(' ')).toContain('Only 12 trades');
    expect(insights.confidence).toBeLessThan(critiqueBacktest(base).confidence);
  });

  it('flags weak Sharpe, deep drawdown, losing profit factor and a low deflated Sharpe', () => {
    const insights = withMetrics({
      sharpeRatio: 0.2,
      maxDrawdown: 0.6,
      profitFactor: 0.8,
      deflatedSharpe: 0.4,
    });
    expect(insights.weaknesses.join(' ')).toMatch(/Sharpe ratio 0.20.*Profit factor 0.80/);
    expect(insights.risks.join(' ')).toContain('60.0%');
    expect(insights.overfittingConcerns.join(' ')).toContain('Deflated Sharpe ratio 40.0%');
    expect(insights.confidence).toBe(0);
  });

  it('calls a very high Sharpe suspicious', () => {
    expect(withMetrics({ sharpeRatio: 4.2 }).overfittingConcerns.join(' ')).toContain('4.20');
  });

  it('flags costs that eat most of the gross profit and suggests a slower parameter', () => {
    const insights = critiqueBacktest({
      ...base,
      tradeStats: { ...base.tradeStats, grossProfit: 1000 },
      costs: { commission: 500, slippage: 500, spread: 1000 },
    });
    expect(insights.risks.join(' ')).toContain('66.7% of gross profit');
    expect(insights.suggestedParameterChanges).toEqual([
      expect.objectContaining({ parameter: 'slow', current: '30' }),
    ]);
  });

  it('flags one trade dominating profit and synthetic data', () => {
    const insights = critiqueBacktest({
      ...base,
      synthetic: true,
      tradeStats: { ...base.tradeStats, largestWinShareOfProfit: 0.7 },
    });
    expect(insights.overfittingConcerns.join(' ')).toContain('largest trade made 70.0%');
    expect(insights.risks.join(' ')).toContain('synthetic');
  });

  it('handles a run without trades', () => {
    const insights = withMetrics({ trades: 0, sharpeRatio: null, profitFactor: null });
    expect(insights.weaknesses[0]).toContain('no trades');
    expect(insightsSchema.safeParse(insights).success).toBe(true);
  });
});
