import { describe, expect, it } from 'vitest';
import { createBarSeries, sliceBarSeries, type BarSeries } from '../domain/bars.ts';
import type { Intent, Strategy, StrategyContext } from '../strategies/types.ts';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { readYahoo } from '../../test/fixtures/backtest/yahoo.ts';
import { defaultCosts, noCosts } from './costs.ts';
import type { BacktestConfig } from './config.ts';
import { runBacktest, type BacktestRun } from './engine.ts';

function movingAverage(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= period) sum -= values[i - period];
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

/** Moving-average crossover that also exercises brackets, trailing stops, pyramids and shorts. */
class BusyStrategy implements Strategy {
  #fast: Float64Array = new Float64Array(0);
  #slow: Float64Array = new Float64Array(0);
  #signals = 0;

  init(bars: BarSeries): void {
    this.#fast = movingAverage(bars.close, 10);
    this.#slow = movingAverage(bars.close, 30);
  }

  onBar(ctx: StrategyContext): Intent | readonly Intent[] | null {
    const i = ctx.index;
    if (i < 31) return null;
    const close = ctx.bars.close[i];
    const up = this.#fast[i - 1] <= this.#slow[i - 1] && this.#fast[i] > this.#slow[i];
    const down = this.#fast[i - 1] >= this.#slow[i - 1] && this.#fast[i] < this.#slow[i];
    if (up && ctx.position <= 0) {
      const n = this.#signals++;
      return n % 3 === 0
        ? {
            kind: 'enter',
            side: 'long',
            reason: 'up',
            stopLoss: close * 0.9,
            takeProfit: close * 1.3,
          }
        : {
            kind: 'enter',
            side: 'long',
            reason: 'up',
            trailingStop: { percent: 8 },
            timeInForce: 'gtc',
          };
    }
    if (down) {
      if (ctx.allowShort && ctx.position >= 0) {
        return { kind: 'enter', side: 'short', reason: 'down', stopLoss: close * 1.12 };
      }
      if (ctx.position > 0) return { kind: 'exit', reason: 'down' };
    }
    if (ctx.position > 0 && i % 17 === 0) {
      return [
        {
          kind: 'enter',
          side: 'long',
          reason: 'add',
          order: { type: 'limit', price: close * 0.99 },
        },
        { kind: 'stop', price: close * 0.93, reason: 'tighten' },
      ];
    }
    if (ctx.position < 0 && i % 23 === 0)
      return { kind: 'stop', price: close * 1.06, reason: 'tighten' };
    if (ctx.position !== 0 && i % 97 === 0) {
      return { kind: 'exit', reason: 'stop exit', order: { type: 'stop', price: close * 0.97 } };
    }
    return null;
  }
}

/** NVDA with every 7th bar removed: a symbol that misses days of the shared calendar. */
function withGaps(series: BarSeries): BarSeries {
  const keep = Array.from({ length: series.length }, (_, i) => i).filter((i) => i % 7 !== 3);
  const pick = (a: Float64Array) => keep.map((i) => a[i]);
  return createBarSeries('NVDA-GAPS', {
    time: pick(series.time),
    open: pick(series.open),
    high: pick(series.high),
    low: pick(series.low),
    close: pick(series.close),
    volume: pick(series.volume),
  });
}

const orcl = readYahoo(sharedDataPath('orcl-1995-2014.txt'), 'ORCL');
const yhoo = readYahoo(sharedDataPath('yhoo-1996-2014.txt'), 'YHOO');
const nvda = withGaps(readYahoo(sharedDataPath('nvda-1999-2014.txt'), 'NVDA'));
/** YHOO with volume cut 5000-fold: thin enough for the 10 % volume cap to split orders. */
const thin = createBarSeries('YHOO-THIN', {
  ...yhoo,
  volume: yhoo.volume.map((v) => Math.floor(v / 5000)),
});
const universe = [orcl, yhoo, nvda, thin];

function busyRun(
  series: readonly BarSeries[],
  overrides: Partial<BacktestConfig> = {},
): BacktestRun {
  return runBacktest({
    series,
    createStrategy: () => new BusyStrategy(),
    config: {
      initialCapital: 100_000,
      sizing: { kind: 'percent', percent: 40 },
      costs: defaultCosts(),
      allowShort: true,
      borrowFeeBps: 500,
      maxPositions: 3,
      ...overrides,
    },
  });
}

/** Last close of each symbol at or before `time`, and positions from the fills booked so far. */
function checkEveryBar(run: BacktestRun, series: readonly BarSeries[]): number {
  const endOrders = new Set(
    run.orderLog.filter((e) => e.reason === 'end of backtest').map((e) => e.orderId),
  );
  const position = new Map<string, number>();
  const cursor = new Map<string, number>();
  let fillIndex = 0;
  let checked = 0;
  for (let step = 0; step < run.times.length - 1; step++) {
    const t = run.times[step];
    while (fillIndex < run.fills.length && run.fills[fillIndex].time <= t) {
      const f = run.fills[fillIndex++];
      if (endOrders.has(f.orderId)) continue;
      position.set(
        f.symbol,
        (position.get(f.symbol) ?? 0) + (f.side === 'buy' ? f.quantity : -f.quantity),
      );
    }
    let value = 0;
    for (const s of series) {
      let c = cursor.get(s.symbol) ?? -1;
      while (c + 1 < s.length && s.time[c + 1] <= t) c++;
      cursor.set(s.symbol, c);
      const q = position.get(s.symbol) ?? 0;
      if (q !== 0) value += q * s.close[c];
    }
    expect(run.cash[step] + value).toBeCloseTo(run.equity[step], 6);
    expect(run.marketValue[step]).toBeCloseTo(value, 6);
    checked++;
  }
  const last = run.times.length - 1;
  expect(run.equity[last]).toBe(run.cash[last]);
  return checked;
}

function grossPnl(run: BacktestRun): number {
  let gross = 0;
  for (const f of run.fills) gross += (f.side === 'sell' ? 1 : -1) * f.quantity * f.referencePrice;
  return gross;
}

describe('accounting identities', () => {
  const run = busyRun(universe);
  const t = run.totals;

  it('exercises longs, shorts, brackets, partial exits and every cost', () => {
    expect(run.trades.length).toBeGreaterThan(100);
    expect(run.trades.some((x) => x.side === 'short')).toBe(true);
    expect(run.trades.some((x) => x.exitReason.startsWith('take-profit'))).toBe(true);
    expect(run.trades.some((x) => x.exitReason.startsWith('trailing-stop'))).toBe(true);
    expect(run.trades.some((x) => x.exitReason.startsWith('stop-loss'))).toBe(true);
    expect(run.orderLog.some((e) => e.kind === 'partial')).toBe(true);
    expect(t.commission).toBeGreaterThan(0);
    expect(t.slippage).toBeGreaterThan(0);
    expect(t.spread).toBeGreaterThan(0);
    expect(t.borrowFees).toBeGreaterThan(0);
  });

  it('cash + market value = equity at every bar', () => {
    expect(checkEveryBar(run, universe)).toBe(run.times.length - 1);
  });

  it('final equity = initial + sum of net trade pnl = initial + gross pnl - costs', () => {
    const net = run.trades.reduce((sum, x) => sum + x.pnl, 0);
    expect(run.finalValue).toBeCloseTo(run.initialCapital + net, 6);
    const costs = t.commission + t.slippage + t.spread + t.borrowFees;
    expect(run.finalValue).toBeCloseTo(run.initialCapital + grossPnl(run) - costs, 6);
    const tradeCosts = run.trades.reduce((sum, x) => sum + x.commission + x.slippage + x.spread, 0);
    expect(tradeCosts).toBeCloseTo(t.commission + t.slippage + t.spread, 6);
  });

  it('cash never goes negative in a long-only run', () => {
    const longOnly = busyRun(universe, { allowShort: false, sizing: { kind: 'all-in' } });
    expect(Math.min(...longOnly.cash)).toBeGreaterThanOrEqual(0);
    expect(longOnly.totals.borrowFees).toBe(0);
    checkEveryBar(longOnly, universe);
  });

  it('the no-cost and costed runs differ by exactly the reported costs (fixed shares)', () => {
    const fixed = {
      sizing: { kind: 'shares', shares: 100 } as const,
      allowShort: false,
      maxPositions: 3,
    };
    // Liquid symbols only: on the thin one the volume cap (off without costs) changes the fills.
    const liquid = [orcl, yhoo, nvda];
    const free = busyRun(liquid, { ...fixed, costs: noCosts() });
    const costed = busyRun(liquid, fixed);
    expect(free.totals).toEqual({
      commission: 0,
      slippage: 0,
      spread: 0,
      borrowFees: 0,
      tradedValue: free.totals.tradedValue,
    });
    // Same fills (bars and quantities) in both runs, so only the costs differ.
    expect(costed.fills.map((f) => [f.time, f.symbol, f.quantity])).toEqual(
      free.fills.map((f) => [f.time, f.symbol, f.quantity]),
    );
    const c = costed.totals;
    expect(c.commission + c.slippage + c.spread).toBeGreaterThan(100);
    expect(free.finalValue - costed.finalValue).toBeCloseTo(
      c.commission + c.slippage + c.spread,
      6,
    );
  });
});

describe('no look-ahead and determinism', () => {
  it('equity up to bar t does not depend on bars after t', () => {
    const full = busyRun([orcl]);
    const cut = 2000;
    const prefix = busyRun([sliceBarSeries(orcl, 0, cut)]);
    // The last point of the prefix run includes its close-out; everything before must match.
    expect(Array.from(prefix.equity.subarray(0, cut - 1))).toEqual(
      Array.from(full.equity.subarray(0, cut - 1)),
    );
  });

  it('the same inputs give identical output', () => {
    const serialise = (r: BacktestRun) =>
      JSON.stringify(r, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v));
    expect(serialise(busyRun(universe))).toBe(serialise(busyRun(universe)));
  });
});
