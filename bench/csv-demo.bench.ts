import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv, seriesToCsv } from '../src/market-data/csv.ts';
import { generateDemoUniverse } from '../src/market-data/demo.ts';
import { bestTime, formatRate } from './machine.ts';

/** CSV parsing of a real 5,036-row Yahoo file, CSV writing, and demo-universe generation. */
export async function run(): Promise<void> {
  const dataDir =
    process.env.MICROCAP_SHARED_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
  const text = await readFile(join(dataDir, 'orcl-1995-2014.txt'), 'utf8');
  const rows = parseCsv(text, { source: 'orcl-1995-2014.txt' }).length;
  const parseMs = bestTime(() => parseCsv(text, { source: 'orcl-1995-2014.txt' }));
  console.log(
    `parseCsv ${rows} rows: ${parseMs.toFixed(2)} ms (${formatRate(rows, parseMs, 'rows')})`,
  );

  const series = parseCsv(text, { source: 'orcl-1995-2014.txt' });
  const writeMs = bestTime(() => seriesToCsv(series));
  console.log(
    `seriesToCsv ${rows} rows: ${writeMs.toFixed(2)} ms (${formatRate(rows, writeMs, 'rows')})`,
  );

  const coldStart = performance.now();
  const universe = generateDemoUniverse();
  const coldMs = performance.now() - coldStart;
  const bars = universe.series.reduce((n, s) => n + s.length, 0);
  const warmMs = bestTime(() => generateDemoUniverse());
  console.log(
    `generateDemoUniverse (${universe.series.length} tickers, ${bars} bars): first call ` +
      `${coldMs.toFixed(1)} ms, best ${warmMs.toFixed(1)} ms (${formatRate(bars, warmMs, 'bars')})`,
  );
}
