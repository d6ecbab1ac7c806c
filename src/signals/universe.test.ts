import { describe, expect, it } from 'vitest';
import { createBarSeries } from '../domain/bars.ts';
import { generateDemoUniverse } from '../market-data/demo.ts';
import {
  filterUniverse,
  fixedCaps,
  sharesOutstandingCaps,
  universeFilterSchema,
} from './universe.ts';

function flat(symbol: string, price: number, volume: number) {
  const n = 30;
  const col = (v: number) => Array.from({ length: n }, () => v);
  return createBarSeries(symbol, {
    time: Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 2 + i)),
    open: col(price),
    high: col(price),
    low: col(price),
    close: col(price),
    volume: col(volume),
  });
}

describe('micro-cap universe filter', () => {
  const filter = universeFilterSchema.parse({});

  it('keeps micro-caps and says why each other symbol was left out', async () => {
    const caps = fixedCaps(
      new Map([
        ['SMALL', 50e6],
        ['BIG', 2e9],
        ['PENNY', 5e6],
        ['THIN', 20e6],
      ]),
    );
    const result = await filterUniverse(
      [
        { symbol: 'SMALL', series: flat('SMALL', 5, 50_000) },
        { symbol: 'BIG', series: flat('BIG', 50, 1e6) },
        { symbol: 'PENNY', series: flat('PENNY', 0.4, 1e6) },
        { symbol: 'THIN', series: flat('THIN', 3, 2_000) },
        { symbol: 'NOCAP', series: flat('NOCAP', 3, 50_000) },
        { symbol: 'NODATA', series: null },
      ],
      filter,
      caps,
    );
    expect(result.map((r) => [r.symbol, r.included, r.reason])).toEqual([
      ['SMALL', true, null],
      ['BIG', false, 'market cap $2000.0 M is not under $300.0 M'],
      ['PENNY', false, 'price 0.40 is below 1.00'],
      ['THIN', false, 'average volume 2000 is below 10000'],
      ['NOCAP', true, 'market cap unknown'],
      ['NODATA', false, 'no bars'],
    ]);
    const strict = await filterUniverse(
      [{ symbol: 'NOCAP', series: flat('NOCAP', 3, 50_000) }],
      { ...filter, requireMarketCap: true },
      caps,
    );
    expect(strict[0]).toMatchObject({ included: false, reason: 'market cap unknown' });
  });

  it('prices the demo universe by its shares outstanding and the last close', async () => {
    const universe = generateDemoUniverse({ symbols: 8, days: 60 });
    const caps = sharesOutstandingCaps(
      new Map(universe.meta.map((m) => [m.symbol, m.sharesOutstanding])),
    );
    const result = await filterUniverse(
      universe.series.map((s) => ({ symbol: s.symbol, series: s })),
      filter,
      caps,
    );
    for (const [k, r] of result.entries()) {
      const s = universe.series[k];
      expect(r.marketCap).toBeCloseTo(
        universe.meta[k].sharesOutstanding * s.close[s.length - 1],
        6,
      );
      expect(r.included).toBe(
        (r.marketCap as number) < 300e6 &&
          (r.price as number) >= 1 &&
          (r.avgVolume as number) >= 10_000,
      );
    }
  });
});
