import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarSeries } from '../src/domain/bars.ts';
import { createBarSeries } from '../src/domain/bars.ts';
import { importCsvFile } from '../src/market-data/ingest.ts';
import { seriesToCsv } from '../src/market-data/csv.ts';
import type { StoreDialect } from '../src/store/database.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { MarketDataRepository } from '../src/store/repositories/market-data-repository.ts';
import { availableDialects, createTestDatabase } from '../test/support/db.ts';

const BARS = 200_000;
const DAY = 86_400_000;
const TEN_YEARS = 2_520;

/** A synthetic daily series: BARS consecutive days from 1400-01-01, awkward doubles. */
function syntheticSeries(symbol: string, count: number): BarSeries {
  const time = new Float64Array(count);
  const open = new Float64Array(count);
  const high = new Float64Array(count);
  const low = new Float64Array(count);
  const close = new Float64Array(count);
  const volume = new Float64Array(count);
  const start = Date.UTC(1400, 0, 1);
  for (let i = 0; i < count; i++) {
    const c = 10 + Math.sin(i / 50) * 3 + i / 70_000;
    time[i] = start + i * DAY;
    close[i] = c;
    open[i] = c - 0.01;
    high[i] = c + 0.02;
    low[i] = c - 0.03;
    volume[i] = 10_000 + (i % 977);
  }
  return createBarSeries(symbol, { time, open, high, low, close, volume, adjClose: close });
}

async function bestAsync(fn: () => Promise<unknown>, minMs = 300, minRuns = 5): Promise<number> {
  let best = Infinity;
  let runs = 0;
  const start = performance.now();
  while (runs < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
    runs++;
  }
  return best;
}

const rate = (count: number, ms: number) =>
  `${Math.round((count / ms) * 1000).toLocaleString('en-US')} bars/s`;

async function benchDialect(
  dialect: StoreDialect,
  series: BarSeries,
  csvPath: string,
): Promise<void> {
  const database = await createTestDatabase(dialect);
  const store = await openDatabase(database.url);
  try {
    await migrateToLatest(store);
    const repo = new MarketDataRepository(store);
    let t0 = performance.now();
    await repo.upsertBars('BENCH', series, 'bench');
    const insertMs = performance.now() - t0;
    t0 = performance.now();
    const again = await repo.upsertBars('BENCH', series, 'bench');
    const reimportMs = performance.now() - t0;
    if (again.unchanged !== series.length) throw new Error(`re-import changed rows on ${dialect}`);
    t0 = performance.now();
    const imported = await importCsvFile(store, csvPath, { symbol: 'CSVBENCH' });
    const csvMs = performance.now() - t0;
    const from = series.time[50_000];
    const to = series.time[50_000 + TEN_YEARS - 1];
    const rangeMs = await bestAsync(async () => {
      const bars = await repo.getBars('BENCH', from, to);
      if (bars.length !== TEN_YEARS) throw new Error('range query returned the wrong count');
    });
    console.log(
      `${dialect.padEnd(8)} insert ${rate(series.length, insertMs)}, re-import (unchanged) ` +
        `${rate(series.length, reimportMs)}, CSV file end to end ${rate(imported.bars, csvMs)}, ` +
        `10-year range query ${rangeMs.toFixed(2)} ms`,
    );
  } finally {
    await store.close();
    await database.drop();
  }
}

/**
 * Import throughput into each available database (SQLite always; PostgreSQL and MariaDB when
 * MICROCAP_TEST_* URLs are set, in a temp database dropped after) and the 10-year range query.
 * Targets: >= 200,000 bars/s into SQLite, range query < 5 ms from SQLite.
 */
export async function run(): Promise<void> {
  const series = syntheticSeries('BENCH', BARS);
  const dir = mkdtempSync(join(tmpdir(), 'microcap-bench-'));
  const csvPath = join(dir, 'bench.csv');
  writeFileSync(csvPath, seriesToCsv(series));
  try {
    console.log(
      `${BARS.toLocaleString('en-US')} daily bars, batches of 5,000 rows per transaction`,
    );
    for (const dialect of availableDialects()) await benchDialect(dialect, series, csvPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
