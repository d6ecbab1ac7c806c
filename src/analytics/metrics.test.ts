import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { InputError } from '../domain/errors.ts';
import type { Trade } from '../domain/trading.ts';
import { benchmarkStats } from './benchmark.ts';
import { metricLabels, formatMetric } from './labels.ts';
import { computeMetrics, exposureFromTrades, METRIC_KEYS } from './metrics.ts';
import type { MetricsInput } from './metrics.ts';
import { expectedMaxSharpe } from './sharpe-stats.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const days = (...offsets: number[]): Float64Array =>
  Float64Array.from(offsets, (d) => T0 + d * DAY);

function trade(pnl: number, returnPct: number, entryDay: number, exitDay: number): Trade {
  return {
    symbol: 'TEST',
    side: 'long',
    entryTime: T0 + entryDay * DAY,
    entryPrice: 10,
    exitTime: T0 + exitDay * DAY,
    exitPrice: 10 * (1 + returnPct),
    quantity: 5,
    pnl,
    returnPct,
    commission: 1,
    slippage: 0.5,
    spread: 0.25,
    barsHeld: exitDay - entryDay,
    entryReason: 'test',
    exitReason: 'test',
  };
}

// equity [100, 110, 99, 120] on four consecutive days -> returns [0.1, -0.1, 0.2121212]
const BASE: MetricsInput = {
  times: days(0, 1, 2, 3),
  equity: Float64Array.of(100, 110, 99, 120),
  trades: [trade(19, 0.2, 0, 2)],
  initialCapital: 100,
};

describe('computeMetrics', () => {
  const m = computeMetrics(BASE);

  it('returns every contract metric name, each a finite number or null', () => {
    for (const key of [
      'totalReturn',
      'cagr',
      'sharpeRatio',
      'sortinoRatio',
      'calmarRatio',
      'maxDrawdown',
      'maxDrawdownDuration',
      'volatility',
      'winRate',
      'profitFactor',
      'expectancy',
      'avgTradeDuration',
      'trades',
      'exposure',
      'alpha',
      'beta',
      'informationRatio',
    ]) {
      expect(m).toHaveProperty(key);
    }
    expect(Object.keys(m)).toEqual([...METRIC_KEYS]);
    for (const value of Object.values(m)) {
      expect(value === null || Number.isFinite(value)).toBe(true);
    }
  });

  it('computes the return metrics by hand', () => {
    expect(m.totalReturn).toBeCloseTo(0.2, 15);
    // 3 calendar days = 3 / 365.25 years: CAGR = 1.2^(365.25 / 3) - 1
    expect(m.cagr).toBeCloseTo(1.2 ** (365.25 / 3) - 1, 0);
    expect((m.cagr as number) / (1.2 ** (365.25 / 3) - 1)).toBeCloseTo(1, 12);
    expect(m.volatility).toBeCloseTo(2.5099032501411034, 12);
    // mean 0.0707071 / sample stdev 0.1581090 x sqrt(252)
    expect(m.sharpeRatio).toBeCloseTo(7.099150860568075, 12);
    // downside: sqrt((0 + 0.01 + 0) / 3) = 0.0577350
    expect(m.sortinoRatio).toBeCloseTo(
      (0.21212121212121213 / 3 / Math.sqrt(0.01 / 3)) * Math.sqrt(252),
      11,
    );
  });

  it('computes drawdown, Calmar, VaR and CVaR by hand', () => {
    expect(m.maxDrawdown).toBeCloseTo(1 - 99 / 110, 15); // 0.1
    expect(m.maxDrawdownDuration).toBe(2); // peak bar 1, recovered on bar 3
    expect(m.maxDrawdownDurationDays).toBe(2);
    expect(m.avgDrawdown).toBeCloseTo(0.1, 15);
    expect((m.calmarRatio as number) / ((m.cagr as number) / 0.1)).toBeCloseTo(1, 12);
    // sorted returns [-0.1, 0.1, 0.2121]; h = 2 x 0.05 = 0.1 -> q = -0.1 + 0.1 x 0.2 = -0.08
    expect(m.var95).toBeCloseTo(0.08, 15);
    expect(m.cvar95).toBeCloseTo(0.1, 15);
    expect(m.skew).not.toBeNull();
    expect(m.kurtosis).toBeNull(); // needs four returns
  });

  it('computes trade, exposure, cost and turnover metrics by hand', () => {
    expect(m.trades).toBe(1);
    expect(m.winRate).toBe(1);
    expect(m.profitFactor).toBeNull(); // no losing trade: null, never Infinity
    expect(m.kelly).toBeNull();
    expect(m.expectancy).toBe(19);
    expect(m.avgTradeDuration).toBe(2);
    expect(m.bestTrade).toBe(0.2);
    // held at the close of bars 0 and 1 (entered bar 0, left at bar 2's open): 2 of 4 bars
    expect(m.exposure).toBe(0.5);
    expect(m.avgExposure).toBeNull();
    expect(m.totalCosts).toBeCloseTo(1.75, 15);
    // traded value 5 x (10 + 12) = 110; mean equity 429 / 4 = 107.25; 3/365.25 years
    expect(m.turnover).toBeCloseTo(110 / 107.25 / (3 / 365.25), 9);
  });

  it('leaves benchmark, buy-and-hold and deflated metrics null when not given', () => {
    for (const key of [
      'alpha',
      'beta',
      'informationRatio',
      'trackingError',
      'buyAndHoldReturn',
    ] as const) {
      expect(m[key]).toBeNull();
    }
    expect(m.deflatedSharpe).toBeNull();
    expect(m.probabilisticSharpe).toBeGreaterThan(0.5);
  });

  it('handles a single bar and no trades without NaN', () => {
    const one = computeMetrics({
      times: days(0),
      equity: Float64Array.of(100),
      trades: [],
      initialCapital: 100,
    });
    expect(one.totalReturn).toBe(0);
    expect(one.maxDrawdown).toBe(0);
    expect(one.trades).toBe(0);
    expect(one.exposure).toBe(0);
    for (const key of [
      'cagr',
      'volatility',
      'sharpeRatio',
      'sortinoRatio',
      'winRate',
      'var95',
      'sqn',
    ] as const) {
      expect(one[key]).toBeNull();
    }
    expect(JSON.stringify(one)).not.toMatch(/NaN|Infinity/);
  });

  it('handles flat equity: zero volatility, undefined ratios', () => {
    const flat = computeMetrics({
      ...BASE,
      equity: Float64Array.of(100, 100, 100, 100),
      trades: [],
    });
    expect(flat.volatility).toBe(0);
    expect(flat.sharpeRatio).toBeNull();
    expect(flat.sortinoRatio).toBeNull();
    expect(flat.calmarRatio).toBeNull();
    expect(flat.cagr).toBe(0);
    expect(flat.var95).toBe(0);
    expect(flat.probabilisticSharpe).toBeNull();
  });

  it('uses the risk-free rate for Sharpe and Sortino', () => {
    const rf = 0.05;
    const daily = 1.05 ** (1 / 252) - 1;
    const withRf = computeMetrics({ ...BASE, riskFreeRate: rf });
    const r = [0.1, -0.1, 0.21212121212121213];
    const mean = (r[0] + r[1] + r[2]) / 3;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    expect(withRf.sharpeRatio).toBeCloseTo(((mean - daily) / sd) * Math.sqrt(252), 11);
    const downside = Math.sqrt(r.reduce((a, x) => a + Math.min(0, x - daily) ** 2, 0) / 3);
    expect(withRf.sortinoRatio).toBeCloseTo(((mean - daily) / downside) * Math.sqrt(252), 11);
  });

  it('uses the given exposure, costs, traded value and buy-and-hold series', () => {
    const full = computeMetrics({
      ...BASE,
      exposure: Float64Array.of(0, 1, 0.5, 0),
      costs: { commission: 1, slippage: 2, spread: 3, borrowFees: 4 },
      tradedValue: 500,
      buyAndHold: Float64Array.of(1, 1.05, 0.98, 1.1),
    });
    expect(full.exposure).toBe(0.5); // 2 of 4 bars with a position
    expect(full.avgExposure).toBeCloseTo(1.5 / 4, 15);
    expect(full.totalCosts).toBe(10);
    expect(full.turnover).toBeCloseTo(500 / 107.25 / (3 / 365.25), 9);
    expect(full.buyAndHoldReturn).toBeCloseTo(0.1, 14);
  });

  it('takes benchmark metrics from the aligned benchmark series', () => {
    const benchmark = Float64Array.of(50, 51, NaN, 52);
    const withBench = computeMetrics({ ...BASE, benchmark });
    const expected = benchmarkStats(BASE.equity, benchmark);
    expect(withBench.beta).toBeCloseTo(expected.beta, 15);
    expect(withBench.alpha).toBeCloseTo(expected.alpha, 15);
    expect(withBench.trackingError).toBeCloseTo(expected.trackingError, 15);
    expect(withBench.benchmarkReturn).toBeCloseTo(52 / 50 - 1, 15);
  });

  it('deflates the Sharpe ratio given trials, with the trial variance in annualised units', () => {
    const deflated = computeMetrics({ ...BASE, trials: 10, trialSharpeVariance: 0.5 });
    // SR0 per day = expectedMaxSharpe(10, 0.5 / 252); reported annualised
    expect(deflated.expectedMaxSharpe).toBeCloseTo(
      expectedMaxSharpe(10, 0.5 / 252) * Math.sqrt(252),
      12,
    );
    expect(deflated.deflatedSharpe).not.toBeNull();
    expect(deflated.deflatedSharpe as number).toBeLessThan(deflated.probabilisticSharpe as number);
    const oneTrial = computeMetrics({ ...BASE, trials: 1 });
    expect(oneTrial.deflatedSharpe).toBe(oneTrial.probabilisticSharpe);
  });

  it('rejects malformed input naming the field', () => {
    expect(() => computeMetrics({ ...BASE, times: days(0, 1, 2) })).toThrow(
      /times: expected 4 times/,
    );
    expect(() => computeMetrics({ ...BASE, times: days(0, 1, 1, 2) })).toThrow(
      /times\[2\]: times must be strictly increasing/,
    );
    expect(() => computeMetrics({ ...BASE, equity: Float64Array.of(100, NaN, 1, 2) })).toThrow(
      /equity\[1\]/,
    );
    expect(() => computeMetrics({ ...BASE, initialCapital: 0 })).toThrow(/initialCapital/);
    expect(() => computeMetrics({ ...BASE, trials: 2.5 })).toThrow(/trials/);
    expect(() => computeMetrics({ ...BASE, benchmark: Float64Array.of(1) })).toThrow(
      /benchmark: expected 4 values/,
    );
    expect(() => computeMetrics({ ...BASE, riskFreeRate: -2 })).toThrow(InputError);
    expect(() =>
      computeMetrics({ ...BASE, equity: new Float64Array(0), times: new Float64Array(0) }),
    ).toThrow(/equity: needs at least one bar/);
  });
});

describe('exposureFromTrades', () => {
  it('marks bars from entry (inclusive) to exit (exclusive)', () => {
    const times = days(0, 1, 2, 3, 4, 5);
    const exposure = exposureFromTrades(times, [
      trade(1, 0.1, 1, 3),
      trade(1, 0.1, 2, 4),
      trade(1, 0.1, 5, 5),
    ]);
    expect(Array.from(exposure)).toEqual([0, 1, 1, 1, 0, 0]);
  });
});

describe('metricLabels', () => {
  it('labels every metric and formats by kind', () => {
    for (const key of METRIC_KEYS) expect(metricLabels[key].label.length).toBeGreaterThan(0);
    expect(formatMetric('totalReturn', 0.1234)).toBe('12.34%');
    expect(formatMetric('sharpeRatio', 1.234)).toBe('1.23');
    expect(formatMetric('trades', 12)).toBe('12');
    expect(formatMetric('expectancy', 5.5, '$')).toBe('$5.50');
    expect(formatMetric('profitFactor', null)).toBe('-');
  });
});

describe('computeMetrics on real data (ORCL 1995-2014, fully invested buy and hold)', () => {
  const lines = readFileSync(sharedDataPath('orcl-1995-2014.txt'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const times = Float64Array.from(lines, (line) => Date.parse(line.split(',')[0] + 'T00:00:00Z'));
  const closes = Float64Array.from(lines, (line) => Number(line.split(',')[4]));
  const equity = Float64Array.from(closes, (c) => (1000 * c) / closes[0]);

  it('against its own price series: beta 1, alpha 0, no tracking error', () => {
    const m = computeMetrics({
      times,
      equity,
      trades: [],
      initialCapital: 1000,
      benchmark: closes,
    });
    const last = closes.length - 1;
    expect(m.totalReturn).toBeCloseTo(closes[last] / closes[0] - 1, 12);
    expect(m.benchmarkReturn).toBeCloseTo(closes[last] / closes[0] - 1, 12);
    expect(m.beta).toBeCloseTo(1, 12);
    expect(m.alpha).toBeCloseTo(0, 12);
    expect(m.correlation).toBeCloseTo(1, 12);
    expect(m.trackingError).toBeCloseTo(0, 12);
    expect(m.informationRatio).toBeNull(); // no active risk, not a ratio of rounding noise
    expect(m.maxDrawdown as number).toBeGreaterThan(0.5); // the 2000-2002 crash
    expect(m.maxDrawdown as number).toBeLessThan(1);
    expect(m.maxDrawdownDuration as number).toBeGreaterThan(252);
    expect(m.kurtosis as number).toBeGreaterThan(3); // daily stock returns are fat-tailed
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/);
  });
});
