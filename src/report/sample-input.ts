import { computeMetrics } from '../analytics/metrics.ts';
import type { BacktestResultJson, TradeJson } from '../backtest/result.ts';
import { createBarSeries, type BarSeries } from '../domain/bars.ts';
import type { Trade } from '../domain/trading.ts';
import type { StoredInsights } from '../ai/analyses/evaluate-backtest.ts';
import type { HtmlReportInput } from './html.ts';

/**
 * A small hand-built report input (two symbols, 130 daily bars, five trades including a short)
 * for tests and for previewing the report layout without running the engine. Deterministic:
 * prices follow a fixed formula, not a random generator.
 */
export function sampleReportInput(
  overrides: { synthetic?: boolean; reason?: string; symbol?: string } = {},
): HtmlReportInput {
  const first = overrides.symbol ?? 'ACME';
  const symbols = [first, 'BOLT'];
  const startMs = Date.UTC(2021, 0, 4);
  const days: number[] = [];
  for (let t = startMs; days.length < 130; t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(t);
  }
  const bars: BarSeries[] = symbols.map((symbol, s) => {
    const close = days.map((_, i) => 5 + s * 3 + Math.sin(i / (7 + s * 3)) * 1.2 + i * 0.01);
    const open = close.map((c, i) => (i === 0 ? c : close[i - 1] + Math.cos(i) * 0.05));
    return createBarSeries(symbol, {
      time: days,
      open,
      high: close.map((c, i) => Math.max(c, open[i]) + 0.08 + (i % 5) * 0.01),
      low: close.map((c, i) => Math.min(c, open[i]) - 0.08 - (i % 3) * 0.01),
      close,
      volume: days.map((_, i) => (i % 11 === 0 ? 0 : 20_000 + ((i * 7919) % 50_000))),
    });
  });
  const iso = (i: number) => new Date(days[i]).toISOString();
  const reason = overrides.reason ?? 'fast SMA crossed above slow SMA';
  const trade = (
    symbol: string,
    side: 'long' | 'short',
    entry: number,
    exit: number,
    entryPrice: number,
    exitPrice: number,
    quantity: number,
  ): Trade => {
    const commission = 2;
    const slippage = quantity * entryPrice * 0.0005;
    const spread = quantity * entryPrice * 0.001;
    const gross = (side === 'long' ? exitPrice - entryPrice : entryPrice - exitPrice) * quantity;
    const pnl = gross - commission - slippage - spread;
    return {
      symbol,
      side,
      entryTime: days[entry],
      entryPrice,
      exitTime: days[exit],
      exitPrice,
      quantity,
      pnl,
      returnPct: pnl / (entryPrice * quantity),
      commission,
      slippage,
      spread,
      barsHeld: exit - entry,
      entryReason: reason,
      exitReason: side === 'long' ? 'fast SMA crossed below slow SMA' : 'take-profit',
    };
  };
  const trades = [
    trade(first, 'long', 5, 20, 5.1, 6.05, 900),
    trade('BOLT', 'long', 12, 40, 8.2, 7.6, 500),
    trade(first, 'long', 45, 70, 5.3, 4.9, 1000),
    trade('BOLT', 'short', 60, 75, 9.1, 8.4, 400),
    trade(first, 'long', 90, 120, 4.5, 5.6, 1100),
  ];
  const initialCapital = 10_000;
  const values = days.map(
    (_, i) => initialCapital * (1 + 0.0012 * i + 0.04 * Math.sin(i / 9) - 0.03 * Math.sin(i / 23)),
  );
  const equity = days.map((t, i) => ({ time: new Date(t).toISOString(), value: values[i] }));
  const finalValue = values[values.length - 1];
  const benchmarkValues = days.map((_, i) => 100 + i * 0.05);
  const metrics = computeMetrics({
    times: Float64Array.from(days),
    equity: Float64Array.from(values),
    trades,
    initialCapital,
    benchmark: Float64Array.from(benchmarkValues),
  });
  const tradesJson: TradeJson[] = trades.map((t) => ({
    ...t,
    entryTime: new Date(t.entryTime).toISOString(),
    exitTime: new Date(t.exitTime).toISOString(),
  }));
  const result: BacktestResultJson = {
    strategy: 'ma-crossover',
    params: { fast: 10, slow: 30 },
    symbols,
    start: iso(0),
    end: iso(days.length - 1),
    initialCapital,
    finalValue,
    synthetic: overrides.synthetic ?? false,
    settings: {
      sizing: 'percent:50',
      costs: { commission: { perShare: 0.005, min: 1, max: 0.01 }, slippageBps: 5, spreadBps: 10 },
      participation: 0.1,
      shortSelling: false,
    },
    // Real analytics over the hand-made curve, plus one metric analytics does not know.
    metrics: { ...metrics, someNewMetric: 0.5 },
    trades: tradesJson,
    equity,
  };
  const benchmark = {
    symbol: 'IWC',
    equity: days.map((t, i) => ({ time: new Date(t).toISOString(), value: benchmarkValues[i] })),
  };
  return { result, bars, benchmark };
}

/**
 * An `ai_insights` column value as `microcap analyze --backtest ID` stores it ({ insights, meta,
 * analysedAt }, typed from the AI layer so this follows its shape); `text` replaces every piece
 * of LLM text.
 */
export function sampleStoredInsights(text?: string): StoredInsights {
  const t = (fallback: string) => text ?? fallback;
  return {
    insights: {
      summary: t('Positive return on few trades; the edge is not established.'),
      strengths: [t('Costs are modest relative to the average trade.')],
      weaknesses: [t('Only five trades.'), t('Most profit comes from one trade.')],
      risks: [t('Micro-cap liquidity may not allow these fills.')],
      overfittingConcerns: [t('Two tuned parameters on half a year of data.')],
      suggestedParameterChanges: [
        { parameter: t('slow'), current: t('30'), suggested: t('50'), reason: t('fewer whipsaws') },
      ],
      confidence: 0.35,
    },
    meta: {
      task: 'strategy-evaluation',
      templateVersion: '1',
      provider: text ?? 'local',
      model: text ?? 'local-analyst-1',
      latencyMs: 3,
      tokens: { promptTokens: 100, completionTokens: 50, totalTokens: 150 },
      costUsd: 0,
      attempts: 1,
      cacheKey: 'c0ffee',
      source: 'live',
      fallbacks: [],
    },
    analysedAt: '2026-11-20T14:30:00.000Z',
  };
}
