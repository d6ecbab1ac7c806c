import { describe, expect, it } from 'vitest';
import { formatMetric, formatPercent, metricLabel } from '../../web/src/lib/format.ts';
import { sampleStoredInsights } from '../../src/report/sample-input.ts';
import { insightsText, readInsights } from '../../web/src/lib/insights.ts';
import { computeOverlays } from '../../web/src/lib/overlays.ts';
import {
  fieldError,
  formErrors,
  initialValues,
  toParams,
  type ParamSpecJson,
} from '../../web/src/lib/param-form.ts';
import { SseParser, type SseMessage } from '../../web/src/lib/sse-parser.ts';
import {
  drawdownSeries,
  filterTrades,
  tradesToCsv,
  type TradeRow,
} from '../../web/src/lib/trades.ts';
import { valuePortfolio } from '../../web/src/lib/valuation.ts';

// The dashboard's pure helpers (no DOM), tested in Node.

const specs: ParamSpecJson[] = [
  { name: 'type', type: 'enum', default: 'sma', values: ['sma', 'ema'], description: 'kind' },
  { name: 'fast', type: 'integer', default: 10, min: 1, max: 500, description: 'fast period' },
  { name: 'k', type: 'number', default: 2, min: 0.5, max: 5, description: 'width' },
  { name: 'shorts', type: 'boolean', default: false, description: 'allow shorts' },
];

describe('generated parameter forms', () => {
  it('starts from the defaults, or from a saved configuration', () => {
    expect(initialValues(specs)).toEqual({ type: 'sma', fast: '10', k: '2', shorts: false });
    expect(initialValues(specs, { fast: 20, shorts: true })).toMatchObject({
      fast: '20',
      shorts: true,
    });
  });

  it('names the problem of each bad field inline', () => {
    expect(fieldError(specs[1], '')).toBe('required');
    expect(fieldError(specs[1], 'abc')).toBe('"abc" is not a number');
    expect(fieldError(specs[1], '2.5')).toBe('must be a whole number');
    expect(fieldError(specs[1], '0')).toBe('must be at least 1');
    expect(fieldError(specs[1], '501')).toBe('must be at most 500');
    expect(fieldError(specs[2], '0.75')).toBeNull();
    expect(fieldError(specs[0], 'wma')).toBe('choose one of sma, ema');
    expect(formErrors(specs, { type: 'ema', fast: '0', k: '9', shorts: true })).toEqual({
      fast: 'must be at least 1',
      k: 'must be at most 5',
    });
  });

  it('turns valid fields into typed params and refuses invalid ones', () => {
    expect(toParams(specs, { type: 'ema', fast: ' 12 ', k: '1.5', shorts: true })).toEqual({
      type: 'ema',
      fast: 12,
      k: 1.5,
      shorts: true,
    });
    expect(() => toParams(specs, { type: 'ema', fast: 'x', k: '1', shorts: false })).toThrow(
      'fast: "x" is not a number',
    );
  });
});

describe('server-sent events parser', () => {
  it('assembles events split across chunks, multi-line data and CRLF', () => {
    const seen: SseMessage[] = [];
    const parser = new SseParser((message) => seen.push(message));
    parser.push(': connected\n\nevent: job\nda');
    parser.push('ta: {"a":1}\r');
    parser.push('\n\r\ndata: line one\ndata: line two\nid: 7\n\n');
    expect(seen).toEqual([
      { event: 'job', data: '{"a":1}', id: null },
      { event: 'message', data: 'line one\nline two', id: '7' },
    ]);
  });

  it('ignores comments and events without data', () => {
    const seen: SseMessage[] = [];
    const parser = new SseParser((message) => seen.push(message));
    parser.push(': keep-alive\n\nevent: ping\n\n');
    expect(seen).toEqual([]);
  });
});

const trade = (over: Partial<TradeRow>): TradeRow => ({
  symbol: 'AAA',
  side: 'long',
  entryTime: '2020-01-02',
  entryPrice: 10,
  exitTime: '2020-01-10',
  exitPrice: 11,
  quantity: 100,
  pnl: 100,
  returnPct: 0.1,
  commission: 1,
  slippage: 0.5,
  entryReason: 'cross up',
  exitReason: 'cross down',
  ...over,
});

describe('trade list helpers', () => {
  const trades = [
    trade({}),
    trade({ symbol: 'BBB', pnl: -50, exitReason: 'stop, "hard"' }),
    trade({ symbol: 'CCC', side: 'short', pnl: 0 }),
  ];

  it('filters by text and by outcome', () => {
    expect(filterTrades(trades, { text: 'bbb' }).map((t) => t.symbol)).toEqual(['BBB']);
    expect(filterTrades(trades, { text: 'SHORT' }).map((t) => t.symbol)).toEqual(['CCC']);
    expect(filterTrades(trades, { outcome: 'winners' }).map((t) => t.symbol)).toEqual(['AAA']);
    expect(filterTrades(trades, { outcome: 'losers' }).map((t) => t.symbol)).toEqual([
      'BBB',
      'CCC',
    ]);
  });

  it('exports RFC 4180 CSV with quoted reasons', () => {
    const lines = tradesToCsv(trades).split('\r\n');
    expect(lines[0]).toBe(
      'symbol,side,entryTime,entryPrice,exitTime,exitPrice,quantity,pnl,returnPct,commission,slippage,barsHeld,entryReason,exitReason',
    );
    expect(lines[2]).toBe(
      'BBB,long,2020-01-02,10,2020-01-10,11,100,-50,0.1,1,0.5,,cross up,"stop, ""hard"""',
    );
    expect(lines).toHaveLength(5);
  });

  it('computes drawdown from the running peak', () => {
    const dd = drawdownSeries([
      { time: 'a', value: 100 },
      { time: 'b', value: 120 },
      { time: 'c', value: 90 },
      { time: 'd', value: 130 },
    ]);
    expect(dd.map((p) => p.value)).toEqual([0, 0, -0.25, 0]);
  });
});

describe('formatting', () => {
  it('shows fractions as percentages and ratios as numbers', () => {
    expect(formatMetric('totalReturn', 0.1234)).toBe('12.34 %');
    expect(formatMetric('sharpeRatio', 1.23456)).toBe('1.23');
    expect(formatMetric('trades', 372)).toBe('372');
    expect(formatPercent(null)).toBe('—');
    expect(metricLabel('sharpeRatio')).toBe('Sharpe ratio');
    expect(metricLabel('cagr')).toBe('CAGR');
    expect(metricLabel('cvar95')).toBe('CVaR 95 %');
    expect(metricLabel('var95')).toBe('VaR 95 %');
    expect(metricLabel('sqn')).toBe('SQN');
  });
});

describe('portfolio valuation', () => {
  it('marks positions to the last price and values unpriced ones at cost', () => {
    const valued = valuePortfolio(
      5_000,
      10_000,
      [
        { symbol: 'AAA', quantity: 100, avgPrice: 20 },
        { symbol: 'BBB', quantity: -50, avgPrice: 10 },
        { symbol: 'ZZZ', quantity: 10, avgPrice: 7 },
      ],
      new Map([
        ['AAA', 25],
        ['BBB', 12],
      ]),
    );
    expect(valued.positions[0].unrealizedPnl).toBe(500);
    expect(valued.positions[1].unrealizedPnl).toBe(-100);
    expect(valued.positions[2].marketValue).toBeNull();
    expect(valued.equity).toBe(5_000 + 2_500 - 600 + 70);
    expect(valued.pnl).toBe(valued.equity - 10_000);
    expect(valued.unpriced).toEqual(['ZZZ']);
  });
});

describe('chart overlays', () => {
  it('uses the product indicators and skips periods longer than the history', () => {
    const closes = Array.from({ length: 30 }, (_, i) => i + 1);
    const lines = computeOverlays(closes, ['sma20', 'sma50', 'bbands']);
    expect(lines.map((l) => l.label)).toEqual(['SMA 20', 'BB upper', 'BB middle', 'BB lower']);
    expect(Number.isNaN(lines[0].values[18])).toBe(true);
    expect(lines[0].values[19]).toBeCloseTo(10.5, 10);
    expect(lines[2].values[29]).toBeCloseTo(20.5, 10);
  });
});

describe('AI insights', () => {
  it('reads the strategy-evaluation shape into sections', () => {
    const view = readInsights({
      summary: 'Loses to buy and hold.',
      strengths: ['Simple rules'],
      weaknesses: [],
      risks: ['Thin liquidity', 42],
      overfittingConcerns: [],
      suggestedParameterChanges: [
        { parameter: 'slow', current: '30', suggested: '50', reason: 'fewer whipsaws' },
        { parameter: 7 },
      ],
      confidence: 0.4,
    });
    expect(view).not.toBeNull();
    expect(view!.summary).toBe('Loses to buy and hold.');
    expect(view!.sections).toEqual([
      { title: 'Strengths', items: ['Simple rules'] },
      { title: 'Risks', items: ['Thin liquidity'] },
    ]);
    expect(view!.changes.map((c) => c.parameter)).toEqual(['slow']);
    expect(view!.confidence).toBe(0.4);
  });

  it('reads the record analyze stores: insights, provider and model, and when', () => {
    const stored = sampleStoredInsights();
    const view = readInsights(stored);
    expect(view?.summary).toBe(stored.insights.summary);
    expect(view?.sections.map((section) => section.title)).toEqual([
      'Strengths',
      'Weaknesses',
      'Risks',
      'Overfitting concerns',
    ]);
    expect(view?.changes).toEqual(stored.insights.suggestedParameterChanges);
    expect(view?.source).toBe('local · local-analyst-1');
    expect(view?.analysedAt).toBe('2026-11-20T14:30:00.000Z');
    // Records stored before analyses were dated, and bare insights, have no time or source.
    expect(readInsights({ ...stored, analysedAt: undefined })?.analysedAt).toBeNull();
    expect(readInsights(stored.insights)?.source).toBeNull();
  });

  it('falls back to text for other shapes', () => {
    expect(readInsights('free text')).toBeNull();
    expect(readInsights({ note: 'x' })).toBeNull();
    expect(insightsText('free text')).toBe('free text');
    expect(insightsText({ note: 'x' })).toBe('{\n  "note": "x"\n}');
  });
});
