import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/index.ts';
import { sliceBarSeries, type BarSeries } from '../../src/domain/bars.ts';
import type { Trade } from '../../src/domain/trading.ts';
import { loadCsvFile } from '../../src/market-data/csv.ts';
import { PaperEngine } from '../../src/paper/engine.ts';
import { brokerConfig, parsePaperSettings } from '../../src/paper/settings.ts';
import { decodeState, encodeState, initialState } from '../../src/paper/state-codec.ts';
import { NO_RISK_LIMITS } from '../../src/signals/limits.ts';
import { createStrategy } from '../../src/strategies/registry.ts';
import { sharedDataPath } from '../support/shared-data.ts';

const CASH = 100_000;

async function orcl(bars: number): Promise<BarSeries> {
  const series = await loadCsvFile(sharedDataPath('orcl-1995-2014.txt'), { symbol: 'ORCL' });
  return sliceBarSeries(series, 0, bars);
}

/** Runs the portfolio one day at a time, saving and reloading its state (JSON) in between. */
async function paperDayByDay(
  series: readonly BarSeries[],
  settingsInput: Record<string, unknown>,
): Promise<Trade[]> {
  const settings = parsePaperSettings(settingsInput);
  const times = [...new Set(series.flatMap((s) => [...s.time]))].sort((a, b) => a - b);
  let stateText = encodeState(initialState(CASH, times[0]));
  const trades: Trade[] = [];
  for (const day of times) {
    const bars = new Map(
      series.map((s) => {
        let end = 0;
        while (end < s.length && s.time[end] <= day) end++;
        return [s.symbol, sliceBarSeries(s, 0, end)] as const;
      }),
    );
    const engine = new PaperEngine({
      settings,
      initialCash: CASH,
      state: decodeState(stateText),
      bars,
    });
    const days = await engine.advanceTo(day);
    expect(days.map((d) => d.time)).toEqual([day]);
    for (const d of days) trades.push(...d.trades);
    stateText = encodeState(engine.toState());
  }
  return trades;
}

function backtestTrades(
  series: readonly BarSeries[],
  strategy: string,
  params: Record<string, string | number | boolean>,
  sizing: string,
  check?: (run: ReturnType<typeof runBacktest>) => void,
): Trade[] {
  const settings = parsePaperSettings({ strategy, params, sizing, symbols: [] });
  const run = runBacktest({
    series,
    createStrategy: () => createStrategy(strategy, params).strategy,
    config: brokerConfig(settings, CASH),
  });
  check?.(run);
  // The backtest closes what is still open on its last bar; a paper portfolio keeps it.
  return run.trades.filter((t) => t.exitReason !== 'end of backtest');
}

const permissive = {
  pipeline: { risk: NO_RISK_LIMITS, validation: { maxDataAgeDays: 10 } },
};

describe('paper trading runs the backtest broker', () => {
  it('ma-crossover day by day produces the backtest trades exactly (ORCL, 500 days)', async () => {
    const series = [await orcl(500)];
    const params = { fast: 10, slow: 30 };
    const expected = backtestTrades(series, 'ma-crossover', params, 'percent:50');
    const actual = await paperDayByDay(series, {
      strategy: 'ma-crossover',
      params,
      sizing: 'percent:50',
      symbols: ['ORCL'],
      ...permissive,
    });
    expect(expected.length).toBeGreaterThan(3);
    expect(actual).toEqual(expected);
  });

  it('a stateful strategy (turtle, pyramiding and stops) matches over two symbols', async () => {
    const full = await orcl(420);
    // A second symbol from the same file, shifted and scaled: a different path, same calendar.
    const other: BarSeries = {
      ...sliceBarSeries(full, 0),
      symbol: 'ORCX',
      open: full.open.map((v, i) => v * (1 + 0.3 * Math.sin(i / 17))),
      high: full.high.map((v, i) => v * (1 + 0.3 * Math.sin(i / 17))),
      low: full.low.map((v, i) => v * (1 + 0.3 * Math.sin(i / 17))),
      close: full.close.map((v, i) => v * (1 + 0.3 * Math.sin(i / 17))),
    };
    const series = [full, other];
    const expected = backtestTrades(series, 'turtle', {}, 'risk:1');
    const actual = await paperDayByDay(series, {
      strategy: 'turtle',
      sizing: 'risk:1',
      symbols: ['ORCL', 'ORCX'],
      ...permissive,
    });
    expect(expected.length).toBeGreaterThan(3);
    expect(actual).toEqual(expected);
  });

  it('entries and exits spread over days by the volume cap stay one trade each', async () => {
    const full = await orcl(400);
    // Thin trading: a few thousand shares a day, so the 100k account hits the volume cap.
    const thin: BarSeries = { ...full, volume: full.volume.map((v) => Math.round(v / 5000)) };
    const params = { fast: 10, slow: 30 };
    const expected = backtestTrades([thin], 'ma-crossover', params, 'percent:90', (run) => {
      const partialExits = run.orderLog.filter((e) => e.kind === 'partial' && e.role !== 'entry');
      expect(partialExits.length).toBeGreaterThan(0);
    });
    const actual = await paperDayByDay([thin], {
      strategy: 'ma-crossover',
      params,
      sizing: 'percent:90',
      symbols: ['ORCL'],
      ...permissive,
    });
    // At the end the backtest books the filled part of a still-working exit as a trade before
    // its close-out; a paper portfolio keeps working it. Compare what both have closed.
    const cut = thin.time[thin.length - 30];
    const closed = (trades: Trade[]) => trades.filter((t) => t.exitTime < cut);
    expect(closed(expected).length).toBeGreaterThan(2);
    expect(closed(actual)).toEqual(closed(expected));
    expect(actual.length).toBeGreaterThanOrEqual(closed(expected).length);
  });
});
