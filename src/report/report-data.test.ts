import { describe, expect, it } from 'vitest';
import type { BacktestResultJson, TradeJson } from '../backtest/result.ts';
import { barsToSeries } from '../domain/bars.ts';
import {
  alignBenchmark,
  drawdownFractions,
  selectChartSymbols,
  toChartBars,
} from './report-data.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2022, 0, 3);
const iso = (day: number) => new Date(T0 + day * DAY).toISOString();

function series(symbol: string, days: number) {
  return barsToSeries(
    symbol,
    Array.from({ length: days }, (_, i) => ({
      time: T0 + i * DAY,
      open: 10 + i,
      high: 11 + i,
      low: 9 + i,
      close: 10.5 + i,
      volume: 100 * i,
    })),
  );
}

function tradeIn(symbol: string): TradeJson {
  return {
    symbol,
    side: 'long',
    entryTime: iso(1),
    entryPrice: 1,
    exitTime: iso(2),
    exitPrice: 1,
    quantity: 1,
    pnl: 0,
    returnPct: 0,
    commission: 0,
    slippage: 0,
    spread: 0,
    barsHeld: 1,
    entryReason: '',
    exitReason: '',
  };
}

function resultWith(symbols: string[], traded: string[]): BacktestResultJson {
  return {
    strategy: 's',
    params: {},
    symbols,
    start: iso(0),
    end: iso(9),
    initialCapital: 100,
    finalValue: 100,
    synthetic: false,
    settings: {},
    metrics: {},
    trades: traded.map(tradeIn),
    equity: [],
  };
}

describe('selectChartSymbols', () => {
  const bars = ['A', 'B', 'C', 'D'].map((s) => series(s, 3));

  it('takes the first symbol, then traded symbols by trade count', () => {
    const result = resultWith(['A', 'B', 'C', 'D'], ['C', 'D', 'D', 'A']);
    expect(selectChartSymbols(result, bars)).toEqual(['A', 'D', 'C']);
  });

  it('respects the limit and skips symbols without bars', () => {
    const result = resultWith(['Z', 'B', 'C'], ['C', 'X', 'B', 'B']);
    expect(selectChartSymbols(result, bars)).toEqual(['B', 'C']);
    expect(selectChartSymbols(result, bars, 1)).toEqual(['B']);
    expect(selectChartSymbols(result, [])).toEqual([]);
  });
});

describe('toChartBars', () => {
  it('clips to the period (a date-only end includes its day) and converts to seconds', () => {
    const bars = toChartBars(
      series('A', 10),
      iso(2),
      new Date(T0 + 5 * DAY).toISOString().slice(0, 10),
    );
    expect(bars.time).toEqual([2, 3, 4, 5].map((d) => (T0 + d * DAY) / 1000));
    expect(bars.open).toEqual([12, 13, 14, 15]);
    expect(bars.volume).toEqual([200, 300, 400, 500]);
    expect(bars.droppedBars).toBe(0);
  });

  it('keeps the latest bars beyond the cap and drops unprintable ones', () => {
    const base = series('A', 10);
    const withGap = { ...base, close: base.close.map((c, i) => (i === 9 ? NaN : c)) };
    const bars = toChartBars(withGap, 'not a date', '', 3);
    expect(bars.open).toEqual([16, 17, 18]);
    expect(bars.droppedBars).toBe(6);
  });
});

describe('drawdownFractions', () => {
  it('is the negative distance below the running peak', () => {
    const equity = [100, 120, 90, 120, 60, 150].map((value, i) => ({ time: iso(i), value }));
    const dd = drawdownFractions(equity);
    expect(dd[0]).toBe(0);
    expect(dd[1]).toBe(0);
    expect(dd[2]).toBeCloseTo(-0.25, 12);
    expect(dd[3]).toBe(0);
    expect(dd[4]).toBeCloseTo(-0.5, 12);
    expect(dd[5]).toBe(0);
  });
});

describe('alignBenchmark', () => {
  it('forward-fills onto the equity times and rebases to the initial capital', () => {
    const equity = [0, 1, 2, 3].map((d) => ({ time: iso(d), value: 1000 }));
    const benchmark = [
      { time: iso(-5), value: 40 },
      { time: iso(1), value: 50 },
      { time: iso(3), value: 55 },
    ];
    // At day 0 the last known benchmark value is 40 (day -5): that is the rebasing point.
    expect(alignBenchmark(equity, benchmark, 1000)).toEqual([1000, 1250, 1250, 1375]);
  });

  it('leaves points before the benchmark starts empty', () => {
    const equity = [0, 1, 2].map((d) => ({ time: iso(d), value: 1 }));
    expect(alignBenchmark(equity, [{ time: iso(1), value: 20 }], 10)).toEqual([null, 10, 10]);
    expect(alignBenchmark(equity, [], 10)).toEqual([null, null, null]);
  });
});
