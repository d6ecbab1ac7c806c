import { TwoLevelCache } from '../src/infra/cache.ts';
import { loadCsvFile } from '../src/market-data/csv.ts';
import { validateSeries } from '../src/market-data/validation.ts';
import { sharedDataPath } from '../test/support/shared-data.ts';
import { rangeBarSeries } from '../src/domain/bars.ts';
import { parseIsoDate } from '../src/domain/time.ts';

/** Median of a list of timings in ms. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The data layer's read path: a 10-year range of one symbol served from the cache (target
 * < 1 ms; L1 always, L2 when MICROCAP_TEST_REDIS_URL or REDIS_URL is set), and validation
 * against the NYSE calendar. The database range query itself is in store.bench.ts.
 */
export async function run(): Promise<void> {
  const series = await loadCsvFile(sharedDataPath('orcl-1995-2014.txt'));
  const tenYears = rangeBarSeries(series, parseIsoDate('2005-01-01'), parseIsoDate('2014-12-31'));
  // What the market-data service caches: plain JSON columns.
  const value = {
    symbol: tenYears.symbol,
    time: Array.from(tenYears.time),
    open: Array.from(tenYears.open),
    high: Array.from(tenYears.high),
    low: Array.from(tenYears.low),
    close: Array.from(tenYears.close),
    volume: Array.from(tenYears.volume),
  };
  const redisUrl = process.env.MICROCAP_TEST_REDIS_URL ?? process.env.REDIS_URL;
  const cache = new TwoLevelCache({ redisUrl, prefix: `microcap-bench-${process.pid}` });
  try {
    await cache.set('market-data', 'ORCL:2005:2014', value);
    const l1: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const t0 = performance.now();
      await cache.get('market-data', 'ORCL:2005:2014');
      l1.push(performance.now() - t0);
    }
    console.log(
      `cache L1 hit, 10-year range (${tenYears.length} bars): median ${median(l1).toFixed(4)} ms (target < 1 ms)`,
    );
    if (redisUrl && (await cache.waitForL2())) {
      const l2: number[] = [];
      for (let i = 0; i < 200; i++) {
        cache.clearL1();
        const t0 = performance.now();
        await cache.get('market-data', 'ORCL:2005:2014');
        l2.push(performance.now() - t0);
      }
      console.log(`cache L2 (Redis) hit, same range: median ${median(l2).toFixed(3)} ms`);
    } else {
      console.log('cache L2: skipped (set MICROCAP_TEST_REDIS_URL or REDIS_URL)');
    }
  } finally {
    await cache.delete('market-data', 'ORCL:2005:2014');
    await cache.close();
  }
  const strict: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    validateSeries(series, { mode: 'strict' });
    strict.push(performance.now() - t0);
  }
  console.log(
    `validation, strict, ${series.length} bars against the NYSE calendar: median ${median(strict).toFixed(2)} ms`,
  );
}
