import { basename } from 'node:path';
import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import type { Store } from '../store/database.ts';
import {
  MarketDataRepository,
  normaliseSymbol,
} from '../store/repositories/market-data-repository.ts';
import type { UpsertCounts, UpsertProgress } from '../store/repositories/market-data-repository.ts';
import { loadCsvFile } from './csv.ts';

export interface ImportOptions {
  /** Symbol to store under; defaults to the one the CSV loader derives from the file name. */
  readonly symbol?: string;
  /** Recorded on every bar (default `csv`). */
  readonly source?: string;
  /** Rows per transaction (default 5,000). */
  readonly batchSize?: number;
  readonly onBatch?: (file: string, progress: UpsertProgress) => void;
}

export interface ImportResult extends UpsertCounts {
  readonly file: string;
  readonly symbol: string;
  readonly source: string;
  readonly bars: number;
}

export const DEFAULT_IMPORT_SOURCE = 'csv';

/**
 * Reads one CSV file completely (a bad row stops it before anything is written), then upserts
 * its bars in batched transactions. Re-importing the same file reports every bar unchanged; a
 * process killed midway leaves whole batches only, and a re-run completes the file.
 */
export async function importCsvFile(
  store: Store,
  path: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const series = await loadCsvFile(path, { symbol: options.symbol });
  return storeSeries(store, path, series, options);
}

/**
 * Imports several files: every file is read and checked first, so one bad file means nothing
 * is written at all; then each is stored in turn. `symbol` applies to every file.
 */
export async function importCsvFiles(
  store: Store,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  if (paths.length === 0) throw new InputError('file', paths, 'name at least one CSV file');
  const loaded: BarSeries[] = [];
  for (const path of paths) loaded.push(await loadCsvFile(path, { symbol: options.symbol }));
  const results: ImportResult[] = [];
  for (let i = 0; i < paths.length; i++) {
    results.push(await storeSeries(store, paths[i], loaded[i], options));
  }
  return results;
}

async function storeSeries(
  store: Store,
  path: string,
  series: BarSeries,
  options: ImportOptions,
): Promise<ImportResult> {
  const source = options.source ?? DEFAULT_IMPORT_SOURCE;
  const repository = new MarketDataRepository(store);
  const counts = await repository.upsertBars(series.symbol, series, source, {
    batchSize: options.batchSize,
    onBatch: options.onBatch ? (progress) => options.onBatch?.(path, progress) : undefined,
  });
  return {
    file: basename(path),
    symbol: normaliseSymbol(series.symbol),
    source,
    bars: series.length,
    ...counts,
  };
}
