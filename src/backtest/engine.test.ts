import { describe, expect, it } from 'vitest';
import type { Intent } from '../strategies/types.ts';
import {
  buy,
  config,
  flatRows,
  makeSeries,
  ScriptedStrategy,
  sell,
  T0,
} from '../../test/fixtures/backtest/scripted.ts';
import { runBacktest } from './engine.ts';

const DAY = 86_400_000;

function runOne(
  rows: Parameters<typeof makeSeries>[1],
  script: Record<number, Intent | readonly Intent[]>,
  overrides: Parameters<typeof config>[0] = {},
) {
  const strategy = new ScriptedStrategy(script);
  const run = runBacktest({
    series: [makeSeries('AAA', rows)],
    createStrategy: () => strategy,
    config: config(overrides),
  });
  return { run, strategy };
}

describe('runBacktest: execution timing', () => {
  it('fills a market entry at the NEXT bar open, never on the signal bar', () => {
    const rows = [
      [10, 10.5, 9.5, 10, 1e6],
      [11, 11.5, 10.5, 11, 1e6],
      [12, 12.5, 11.5, 12, 1e6],
    ] as const;
    const { run, strategy } = runOne(
      rows,
      { 0: buy() },
      { sizing: { kind: 'shares', shares: 100 } },
    );
    expect(run.fills[0].time).toBe(T0 + DAY);
    expect(run.fills[0].price).toBe(11);
    expect(strategy.seen.map((c) => c.position)).toEqual([0, 100, 100]);
    // Closed at the last close (12) at the end: 100 * (12 - 11).
    expect(run.trades).toHaveLength(1);
    expect(run.trades[0].exitReason).toBe('end of backtest');
    expect(run.trades[0].pnl).toBeCloseTo(100, 10);
    expect(run.finalValue).toBeCloseTo(10_100, 10);
  });

  it('an intent on the last bar never fills', () => {
    const { run } = runOne(flatRows(3, 10), { 2: buy() });
    expect(run.fills).toHaveLength(0);
    expect(run.finalValue).toBe(10_000);
  });
});

describe('runBacktest: liquidity', () => {
  it('fills at most the participation share of volume and completes on later bars', () => {
    const rows = [
      [10, 10, 10, 10, 1000],
      [10, 10, 10, 10, 500],
      [10, 10, 10, 10, 300],
      [10, 10, 10, 10, 2000],
      [10, 10, 10, 10, 2000],
    ] as const;
    const { run } = runOne(
      rows,
      { 0: buy() },
      {
        sizing: { kind: 'shares', shares: 100 },
        costs: { ...config().costs, participation: 0.1 },
      },
    );
    expect(run.fills.map((f) => [f.time, f.quantity])).toEqual([
      [T0 + DAY, 50],
      [T0 + 2 * DAY, 30],
      [T0 + 3 * DAY, 20],
      [T0 + 4 * DAY, 100], // end-of-backtest close-out
    ]);
    const kinds = run.orderLog.filter((e) => e.orderId === run.fills[0].orderId).map((e) => e.kind);
    expect(kinds).toEqual(['submitted', 'partial', 'partial', 'filled']);
  });

  it('fills nothing on a zero-volume bar and fills on the next bar with volume', () => {
    const rows = [
      [10, 10, 10, 10, 1000],
      [11, 11, 11, 11, 0],
      [12, 12, 12, 12, 10_000],
      [12, 12, 12, 12, 10_000],
    ] as const;
    const { run } = runOne(
      rows,
      { 0: buy() },
      {
        sizing: { kind: 'shares', shares: 100 },
        costs: { ...config().costs, participation: 0.1 },
      },
    );
    expect(run.fills[0].time).toBe(T0 + 2 * DAY);
    expect(run.fills[0].quantity).toBe(100);
    expect(run.fills[0].price).toBe(12);
  });

  it('expires a day entry whose remainder is not filled within maxCarryBars', () => {
    const rows = [
      [10, 10, 10, 10, 1000],
      ...Array.from({ length: 5 }, () => [10, 10, 10, 10, 0] as const),
    ] as const;
    const { run } = runOne(
      rows,
      { 0: buy() },
      {
        sizing: { kind: 'shares', shares: 100 },
        costs: { ...config().costs, participation: 0.1 },
        maxCarryBars: 2,
      },
    );
    expect(run.fills).toHaveLength(0);
    const expired = run.orderLog.find((e) => e.kind === 'expired');
    expect(expired?.time).toBe(T0 + 3 * DAY);
    expect(expired?.reason).toMatch(/volume cap/);
  });
});

describe('runBacktest: stops and limits', () => {
  const entryWithStop: Intent = { kind: 'enter', side: 'long', reason: 'e', stopLoss: 9 };

  it('fills a stop gapped through at the open, not at the stop', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.2, 9.8, 10, 1e6],
      [10, 10.1, 9.5, 9.8, 1e6],
      [8, 8.5, 7.5, 8.2, 1e6],
      [8, 8.5, 7.5, 8.2, 1e6],
    ] as const;
    const { run } = runOne(rows, { 0: entryWithStop }, { sizing: { kind: 'shares', shares: 100 } });
    const exit = run.fills[1];
    expect(exit.time).toBe(T0 + 3 * DAY);
    expect(exit.price).toBe(8);
    expect(run.trades[0].exitReason).toBe('stop-loss (e)');
    expect(run.trades[0].pnl).toBeCloseTo(-200, 10);
  });

  it('fills an intraday stop at the stop price', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.2, 9.8, 10, 1e6],
      [9.8, 9.9, 8.5, 9.2, 1e6],
      [9, 9, 9, 9, 1e6],
    ] as const;
    const { run, strategy } = runOne(
      rows,
      { 0: entryWithStop },
      { sizing: { kind: 'shares', shares: 100 } },
    );
    expect(strategy.seen[1].stopPrice).toBe(9);
    expect(run.fills[1].price).toBe(9);
    expect(run.fills[1].time).toBe(T0 + 2 * DAY);
  });

  it('does not fill a limit the bar never trades through; a day limit expires', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.5, 9.2, 10, 1e6],
      [10, 10.5, 8.0, 10, 1e6],
    ] as const;
    const limitEntry: Intent = {
      kind: 'enter',
      side: 'long',
      reason: 'dip',
      order: { type: 'limit', price: 9 },
    };
    const { run } = runOne(rows, { 0: limitEntry }, { sizing: { kind: 'shares', shares: 10 } });
    expect(run.fills).toHaveLength(0);
    const last = run.orderLog.at(-1);
    expect(last?.kind).toBe('expired');
    expect(last?.time).toBe(T0 + DAY);
  });

  it('fills a GTC limit at the limit, or at the open when it gaps through in our favour', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.5, 9.2, 10, 1e6],
      [9.5, 9.6, 8.5, 9, 1e6],
      [9, 9, 9, 9, 1e6],
    ] as const;
    const gtc: Intent = {
      kind: 'enter',
      side: 'long',
      reason: 'dip',
      order: { type: 'limit', price: 9 },
      timeInForce: 'gtc',
    };
    const { run } = runOne(rows, { 0: gtc }, { sizing: { kind: 'shares', shares: 10 } });
    expect(run.fills[0].time).toBe(T0 + 2 * DAY);
    expect(run.fills[0].price).toBe(9);
    const gap = runOne(
      [
        [10, 10, 10, 10, 1e6],
        [8.7, 9.1, 8.6, 9, 1e6],
      ],
      { 0: gtc },
      { sizing: { kind: 'shares', shares: 10 } },
    );
    expect(gap.run.fills[0].price).toBe(8.7);
  });

  it('cancels the stop when the take-profit fills (OCO)', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.5, 9.5, 10, 1e6],
      [11, 12.5, 10.8, 12.2, 1e6],
      [12, 12, 12, 12, 1e6],
    ] as const;
    const bracket: Intent = {
      kind: 'enter',
      side: 'long',
      reason: 'b',
      stopLoss: 9,
      takeProfit: 12,
    };
    const { run } = runOne(rows, { 0: bracket }, { sizing: { kind: 'shares', shares: 100 } });
    expect(run.fills[1].price).toBe(12);
    expect(run.trades[0].exitReason).toBe('take-profit (b)');
    const stopCancel = run.orderLog.find((e) => e.role === 'stop-loss' && e.kind === 'cancelled');
    expect(stopCancel?.reason).toMatch(/^OCO: take-profit #\d+ filled$/);
    expect(run.trades[0].pnl).toBeCloseTo(200, 10);
  });

  it('assumes the stop first when stop and target both trigger in one bar', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.5, 9.5, 10, 1e6],
      [10, 12.5, 8.5, 10, 1e6],
    ] as const;
    const bracket: Intent = {
      kind: 'enter',
      side: 'long',
      reason: 'b',
      stopLoss: 9,
      takeProfit: 12,
    };
    const { run } = runOne(rows, { 0: bracket }, { sizing: { kind: 'shares', shares: 100 } });
    expect(run.fills[1].price).toBe(9);
    expect(
      run.orderLog.find((e) => e.role === 'take-profit' && e.kind === 'cancelled'),
    ).toBeDefined();
  });

  it('ratchets a trailing stop on closes and fills when the bar reaches it', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.2, 9.9, 10, 1e6],
      [11, 12.3, 10.9, 12, 1e6],
      [13, 15.5, 12.8, 15, 1e6], // anchor 15 -> stop 13.5
      [14, 14.2, 13, 13.2, 1e6],
      [13, 13, 13, 13, 1e6],
    ] as const;
    const trail: Intent = {
      kind: 'enter',
      side: 'long',
      reason: 't',
      trailingStop: { percent: 10 },
    };
    const { run, strategy } = runOne(
      rows,
      { 0: trail },
      { sizing: { kind: 'shares', shares: 10 } },
    );
    expect(strategy.seen[2].stopPrice).toBeCloseTo(10.8, 10);
    expect(strategy.seen[3].stopPrice).toBeCloseTo(13.5, 10);
    expect(run.fills[1].time).toBe(T0 + 4 * DAY);
    expect(run.fills[1].price).toBeCloseTo(13.5, 10);
    expect(run.trades[0].exitReason).toBe('trailing-stop (t)');
  });

  it('works a stop-limit entry: triggers on the stop, fills within the limit', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.4, 9.9, 10.3, 1e6], // stop 10.5 not reached: the GTC order keeps working
      [10.6, 11.2, 10.5, 11, 1e6], // gaps over the stop: triggered at the open 10.6 <= limit 10.8
      [11, 11, 11, 11, 1e6],
    ] as const;
    const stopLimit: Intent = {
      kind: 'enter',
      side: 'long',
      reason: 'breakout',
      order: { type: 'stop-limit', stop: 10.5, limit: 10.8 },
      timeInForce: 'gtc',
    };
    const { run } = runOne(rows, { 0: stopLimit }, { sizing: { kind: 'shares', shares: 10 } });
    expect(run.fills[0].time).toBe(T0 + 2 * DAY);
    expect(run.fills[0].price).toBe(10.6);
    const over = runOne(
      [
        [10, 10, 10, 10, 1e6],
        [11.5, 12, 11.2, 11.8, 1e6],
        [11, 11, 11, 11, 1e6],
      ],
      { 0: { ...stopLimit, timeInForce: 'day' } as Intent },
      { sizing: { kind: 'shares', shares: 10 } },
    );
    // Gapped above the limit and never came back to 10.8: no fill, the day order expires.
    expect(over.run.fills).toHaveLength(0);
    expect(over.run.orderLog.at(-1)?.kind).toBe('expired');
  });

  it('moves the protective stop on a stop intent', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10.2, 9.9, 10, 1e6],
      [10, 10.2, 9.9, 10, 1e6],
      [10, 10.2, 9.4, 10, 1e6],
    ] as const;
    const script = {
      0: { kind: 'enter', side: 'long', reason: 'e', stopLoss: 9 } as Intent,
      1: { kind: 'stop', price: 9.5, reason: 'tighten' } as Intent,
    };
    const { run } = runOne(rows, script, { sizing: { kind: 'shares', shares: 10 } });
    expect(run.fills[1].price).toBe(9.5);
    expect(run.fills[1].time).toBe(T0 + 3 * DAY);
  });
});

describe('runBacktest: cash, sizing and rejections', () => {
  it('rejects an unaffordable fixed-size order with its reason', () => {
    const { run } = runOne(
      flatRows(3, 10),
      { 0: buy() },
      { sizing: { kind: 'shares', shares: 2000 } },
    );
    expect(run.fills).toHaveLength(0);
    const rejected = run.orderLog.find((e) => e.kind === 'rejected');
    expect(rejected?.reason).toMatch(
      /^insufficient cash: 2000 shares need 20000\.00, buying power 10000\.00$/,
    );
  });

  it('all-in buys whole shares with all cash after costs, never going negative', () => {
    const rows = flatRows(5, 7.3).map((r, i) =>
      i === 1 ? ([7.7, 7.9, 7.5, 7.6, 1e6] as const) : r,
    );
    const costs = { ...config().costs, commission: { kind: 'fixed', amount: 5 } as const };
    const { run } = runOne(rows, { 0: buy() }, { costs });
    const q = run.fills[0].quantity;
    expect(q).toBe(Math.floor((10_000 - 5) / 7.7));
    expect(run.cash[1]).toBeGreaterThanOrEqual(0);
    expect(run.cash[1]).toBeLessThan(7.7);
  });

  it('rejects short entries when shorting is off', () => {
    const { run } = runOne(flatRows(3, 10), { 0: { kind: 'enter', side: 'short', reason: 's' } });
    expect(run.fills).toHaveLength(0);
    expect(run.orderLog.at(-1)?.reason).toMatch(/short selling is not allowed/);
  });

  it('pyramids: a second entry adds to the position at an updated average cost', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10, 10, 10, 1e6],
      [12, 12, 12, 12, 1e6],
      [14, 14, 14, 14, 1e6],
    ] as const;
    const { run, strategy } = runOne(
      rows,
      { 0: buy('a'), 1: buy('b') },
      { sizing: { kind: 'shares', shares: 100 } },
    );
    expect(strategy.seen[2].position).toBe(200);
    expect(run.trades).toHaveLength(1);
    expect(run.trades[0].entryPrice).toBeCloseTo(11, 10);
    expect(run.trades[0].quantity).toBe(200);
    expect(run.trades[0].entryReason).toBe('a');
    expect(run.trades[0].pnl).toBeCloseTo(200 * 3, 10);
  });

  it('limits open positions with maxPositions', () => {
    const series = ['A', 'B'].map((s) => makeSeries(s, flatRows(3, 10)));
    const run = runBacktest({
      series,
      createStrategy: () => new ScriptedStrategy({ 0: buy() }),
      config: config({ sizing: { kind: 'shares', shares: 10 }, maxPositions: 1 }),
    });
    expect(run.fills.filter((f) => f.side === 'buy').map((f) => f.symbol)).toEqual(['A']);
    expect(run.orderLog.find((e) => e.kind === 'rejected')?.reason).toBe(
      'max open positions (1) reached',
    );
  });
});

describe('runBacktest: shorts', () => {
  it('charges the borrow fee daily on the short market value and nets it in the trade', () => {
    const rows = [
      [10, 10, 10, 10, 1e6],
      [10, 10, 10, 10, 1e6],
      [10, 10, 10, 10, 1e6],
      [10, 10, 10, 10, 1e6],
      [9, 9, 9, 9, 1e6],
    ] as const;
    const script = { 0: { kind: 'enter', side: 'short', reason: 's' } as Intent, 3: sell('cover') };
    // 2520 bps a year = 0.001 a day: 1.00 a day on 100 shares at 10.
    const { run } = runOne(rows, script, {
      allowShort: true,
      borrowFeeBps: 2520,
      sizing: { kind: 'shares', shares: 100 },
    });
    expect(run.totals.borrowFees).toBeCloseTo(3, 10);
    expect(run.trades[0].side).toBe('short');
    expect(run.trades[0].pnl).toBeCloseTo(100 - 3, 10);
    expect(run.finalValue).toBeCloseTo(10_097, 10);
    expect(run.cash[1]).toBeCloseTo(11_000 - 1, 10);
    expect(run.equity[1]).toBeCloseTo(10_000 - 1, 10);
  });

  it('reverses a long into a short with one exit then one entry', () => {
    const rows = flatRows(4, 10);
    const script = { 0: buy(), 1: { kind: 'enter', side: 'short', reason: 'flip' } as Intent };
    const { run, strategy } = runOne(rows, script, {
      allowShort: true,
      sizing: { kind: 'shares', shares: 10 },
    });
    expect(strategy.seen.map((c) => c.position)).toEqual([0, 10, -10, -10]);
    expect(run.trades.map((t) => [t.side, t.exitReason])).toEqual([
      ['long', 'reverse: flip'],
      ['short', 'end of backtest'],
    ]);
  });
});

describe('runBacktest: multi-symbol calendar', () => {
  it('walks the union of times; a symbol missing a day neither trades nor revalues', () => {
    const a = makeSeries('A', [
      [10, 10, 10, 10, 1e6],
      [10, 10, 10, 11, 1e6],
      [11, 11, 11, 12, 1e6],
      [12, 12, 12, 13, 1e6],
    ]);
    const b = makeSeries(
      'B',
      [
        [20, 20, 20, 20, 1e6],
        [20, 20, 20, 21, 1e6],
        [25, 25, 25, 25, 1e6],
      ],
      [0, 1, 3],
    );
    const strategies = new Map<string, ScriptedStrategy>();
    const run = runBacktest({
      series: [a, b],
      createStrategy: (symbol) => {
        const s = new ScriptedStrategy({ 0: buy() });
        strategies.set(symbol, s);
        return s;
      },
      config: config({ sizing: { kind: 'shares', shares: 10 } }),
    });
    expect(Array.from(run.times)).toEqual([0, 1, 2, 3].map((d) => T0 + d * DAY));
    expect(strategies.get('B')?.seen.map((c) => c.index)).toEqual([0, 1, 2]);
    // Day 2: B has no bar, valued at its day-1 close (21).
    expect(run.equity[2]).toBeCloseTo(run.cash[2] + 10 * 12 + 10 * 21, 10);
    // B's day-0 intent fills on B's next bar (day 1), B's close-out uses its last close.
    expect(run.fills.find((f) => f.symbol === 'B')?.time).toBe(T0 + DAY);
  });
});
