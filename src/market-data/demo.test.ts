import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../domain/bars.ts';
import { isTradingDay } from './calendar.ts';
import { parseCsv, seriesToCsv } from './csv.ts';
import {
  DEMO_INDEX_SYMBOL,
  demoBenchmark,
  generateDemoUniverse,
  isSyntheticSymbol,
} from './demo.ts';

const universe = generateDemoUniverse();

function logReturns(series: BarSeries): number[] {
  const out: number[] = [];
  for (let t = 1; t < series.length; t++) out.push(Math.log(series.close[t] / series.close[t - 1]));
  return out;
}

function excessKurtosis(values: readonly number[]): number {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  let m2 = 0;
  let m4 = 0;
  for (const x of values) {
    m2 += (x - mean) ** 2;
    m4 += (x - mean) ** 4;
  }
  m2 /= values.length;
  m4 /= values.length;
  return m4 / (m2 * m2) - 3;
}

function lagOneAutocorrelation(values: readonly number[]): number {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  let num = 0;
  let den = 0;
  for (let t = 0; t < values.length; t++) {
    den += (values[t] - mean) ** 2;
    if (t > 0) num += (values[t] - mean) * (values[t - 1] - mean);
  }
  return num / den;
}

describe('generateDemoUniverse', () => {
  it('has 50 tickers over 1260 NYSE trading days by default', () => {
    expect(universe.series).toHaveLength(50);
    expect(universe.meta).toHaveLength(50);
    expect(universe.days).toBe(1260);
    const full = universe.series.filter((s) => s.length === 1260);
    expect(full.length).toBeGreaterThan(40);
    for (const time of full[0].time) expect(isTradingDay(time)).toBe(true);
    expect(universe.start).toBe('2019-01-02');
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDemoUniverse();
    expect(again.meta).toEqual(universe.meta);
    again.series.forEach((s, i) => {
      expect(s.close).toEqual(universe.series[i].close);
      expect(s.volume).toEqual(universe.series[i].volume);
    });
    const other = generateDemoUniverse({ seed: 7 });
    expect(other.meta.map((m) => m.symbol)).not.toEqual(universe.meta.map((m) => m.symbol));
    expect(other.series[0].close).not.toEqual(universe.series[0].close);
  });

  it('labels everything synthetic', () => {
    expect(universe.synthetic).toBe(true);
    for (const [i, m] of universe.meta.entries()) {
      expect(m.symbol).toMatch(/^SYN-[A-Z]{3,4}$/);
      expect(universe.series[i].symbol).toBe(m.symbol);
      expect(isSyntheticSymbol(m.symbol)).toBe(true);
      expect(m.name).toMatch(/\(synthetic\)$/);
      expect(m.synthetic).toBe(true);
    }
    expect(new Set(universe.meta.map((m) => m.symbol)).size).toBe(50);
    expect(isSyntheticSymbol(DEMO_INDEX_SYMBOL)).toBe(true);
    expect(isSyntheticSymbol('ORCL')).toBe(false);
    expect(isSyntheticSymbol('syn-abc')).toBe(true);
  });

  it('writes only valid bars: the CSV loader reads every series back unchanged', () => {
    let differences = 0;
    let badVolumes = 0;
    for (const series of [...universe.series, demoBenchmark(universe)]) {
      const back = parseCsv(seriesToCsv(series), { source: `${series.symbol}.csv` });
      expect(back.symbol).toBe(series.symbol);
      expect(back.length).toBe(series.length);
      for (const field of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
        for (let t = 0; t < series.length; t++)
          if (back[field][t] !== series[field][t]) differences++;
      }
      for (const v of series.volume) if (!Number.isInteger(v) || v < 0) badVolumes++;
    }
    expect(differences).toBe(0);
    expect(badVolumes).toBe(0);
  });

  it('has fat tails: excess kurtosis of daily returns above 1', () => {
    const all = universe.series.flatMap(logReturns);
    expect(excessKurtosis(all)).toBeGreaterThan(1);
  });

  it('clusters volatility: absolute returns are positively autocorrelated', () => {
    const rho = universe.series
      .filter((_, i) => universe.meta[i].profile !== 'thin')
      .map((s) => lagOneAutocorrelation(logReturns(s).map(Math.abs)));
    const mean = rho.reduce((s, x) => s + x, 0) / rho.length;
    expect(mean).toBeGreaterThan(0.05);
    expect(rho.filter((r) => r > 0).length).toBeGreaterThan(rho.length * 0.8);
  });

  it('has collapses of 90 % or more, some delisted early', () => {
    const drawdowns = universe.series.map((s) => {
      let peak = 0;
      let worst = 0;
      for (const c of s.close) {
        peak = Math.max(peak, c);
        worst = Math.min(worst, c / peak - 1);
      }
      return worst;
    });
    expect(drawdowns.filter((d) => d <= -0.9).length).toBeGreaterThanOrEqual(2);
    const delisted = universe.meta.filter((m) => m.delisted);
    expect(delisted.length).toBeGreaterThanOrEqual(1);
    for (const m of delisted) {
      const series = universe.series[universe.meta.indexOf(m)];
      expect(series.length).toBeLessThan(1260);
    }
  });

  it('has thin names with zero-volume days, flat at the last close', () => {
    let zeroDays = 0;
    for (const s of universe.series) {
      for (let t = 1; t < s.length; t++) {
        if (s.volume[t] !== 0) continue;
        zeroDays++;
        expect([s.open[t], s.high[t], s.low[t]]).toEqual([s.close[t], s.close[t], s.close[t]]);
      }
    }
    expect(zeroDays).toBeGreaterThan(100);
  });

  it('has overnight gaps and wide daily ranges', () => {
    let gaps = 0;
    let bars = 0;
    let range = 0;
    for (const s of universe.series) {
      for (let t = 1; t < s.length; t++) {
        if (s.volume[t] === 0) continue;
        bars++;
        if (Math.abs(s.open[t] / s.close[t - 1] - 1) > 0.02) gaps++;
        range += (s.high[t] - s.low[t]) / s.close[t];
      }
    }
    expect(gaps / bars).toBeGreaterThan(0.1);
    expect(range / bars).toBeGreaterThan(0.04);
  });

  it('keeps surviving names mostly between $0.50 and $20 and market caps under $300M', () => {
    let inside = 0;
    let total = 0;
    universe.series.forEach((s, i) => {
      const m = universe.meta[i];
      let maxClose = 0;
      for (const c of s.close) maxClose = Math.max(maxClose, c);
      expect(maxClose * m.sharesOutstanding).toBeLessThan(300e6);
      expect(m.sharesOutstanding).toBeGreaterThan(0);
      if (m.profile === 'collapse' || m.profile === 'delisted') return;
      for (const c of s.close) {
        total++;
        if (c >= 0.5 && c <= 20) inside++;
      }
    });
    expect(inside / total).toBeGreaterThan(0.95);
  });

  it('honours symbols, days and start, and rejects bad options naming the field', () => {
    const small = generateDemoUniverse({ seed: 3, symbols: 5, days: 30, start: '2020-07-03' });
    expect(small.series).toHaveLength(5);
    expect(small.start).toBe('2020-07-06'); // July 3rd 2020 was the Independence Day holiday
    expect(Math.max(...small.series.map((s) => s.length))).toBe(30);
    expect(() => generateDemoUniverse({ symbols: 0 })).toThrow('symbols: must be a whole number');
    expect(() => generateDemoUniverse({ days: 2.5 })).toThrow('days: must be a whole number');
    expect(() => generateDemoUniverse({ seed: Number.NaN })).toThrow(
      'seed: must be a whole number',
    );
    expect(() => generateDemoUniverse({ start: '2020-02-30' })).toThrow(
      'start: not a calendar date',
    );
  });
});

describe('demoBenchmark', () => {
  it('is an equal-weight buy-and-hold index starting at 100', () => {
    const index = demoBenchmark(universe);
    expect(index.symbol).toBe(DEMO_INDEX_SYMBOL);
    expect(index.length).toBe(1260);
    expect(index.open[0]).toBe(100);
    // Recompute the last close by hand from the members (delisted names at their last close).
    const expected =
      (100 / universe.series.length) *
      universe.series.reduce((sum, s) => sum + s.close[s.length - 1] / s.open[0], 0);
    expect(index.close[1259]).toBeCloseTo(expected, 3);
    for (let t = 0; t < index.length; t++) {
      expect(index.low[t]).toBeLessThanOrEqual(Math.min(index.open[t], index.close[t]));
      expect(index.high[t]).toBeGreaterThanOrEqual(Math.max(index.open[t], index.close[t]));
    }
  });
});
