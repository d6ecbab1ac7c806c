import { existsSync } from 'node:fs';
import { rangeBarSeries, type BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { parseIsoDate } from '../domain/time.ts';
import { loadCsvFile, loadCsvFiles } from '../market-data/csv.ts';
import {
  DEMO_INDEX_SYMBOL,
  demoBenchmark,
  generateDemoUniverse,
  isSyntheticSymbol,
} from '../market-data/demo.ts';

/** Where a backtest's bars come from: CSV files, the database, or the synthetic universe. */
export type DataSelection =
  | { readonly kind: 'files'; readonly paths: readonly string[] }
  | { readonly kind: 'symbols'; readonly symbols: readonly string[] }
  | { readonly kind: 'demo'; readonly seed?: number };

export interface LoadedData {
  readonly series: BarSeries[];
  readonly benchmark: BarSeries | null;
  readonly synthetic: boolean;
}

export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

/** Loads the bars and the optional benchmark, restricted to [from, to], failing on empty data. */
export async function loadBacktestData(
  selection: DataSelection,
  range: DateRange,
  benchmark?: string,
): Promise<LoadedData> {
  const fromMs = range.from === undefined ? -Infinity : parseIsoDate(range.from, 'from');
  const toMs = range.to === undefined ? Infinity : parseIsoDate(range.to, 'to');
  if (fromMs > toMs) throw new InputError('from', range.from, `is after --to ${range.to}`);

  let series: BarSeries[];
  let benchmarkSeries: BarSeries | null = null;
  if (selection.kind === 'files') {
    if (selection.paths.length === 0) throw new InputError('data', '', 'name at least one file');
    series = await loadCsvFiles(selection.paths);
  } else if (selection.kind === 'symbols') {
    series = await loadSymbolsFromStore(selection.symbols);
  } else {
    const universe = generateDemoUniverse(
      selection.seed === undefined ? {} : { seed: selection.seed },
    );
    series = universe.series;
    // The demo's own equal-weight index is the natural benchmark for a demo run.
    if (benchmark === undefined || benchmark.toUpperCase() === DEMO_INDEX_SYMBOL) {
      benchmarkSeries = demoBenchmark(universe);
    }
  }
  if (benchmark !== undefined && benchmarkSeries === null) {
    benchmarkSeries = await loadBenchmark(benchmark);
  }

  const ranged = series.map((s) => rangeBarSeries(s, fromMs, toMs));
  const tradable = ranged.filter((s) => s.length > 0);
  if (tradable.length === 0) {
    const field = range.from !== undefined || range.to !== undefined ? 'from' : 'data';
    const value = field === 'from' ? `${range.from ?? ''}..${range.to ?? ''}` : describe(selection);
    throw new InputError(field, value, 'no bars in the selected data and date range');
  }
  return {
    series: tradable,
    benchmark: benchmarkSeries ? rangeBarSeries(benchmarkSeries, fromMs, toMs) : null,
    synthetic: tradable.some((s) => isSyntheticSymbol(s.symbol)),
  };
}

function describe(selection: DataSelection): string {
  if (selection.kind === 'files') return selection.paths.join(',');
  if (selection.kind === 'symbols') return selection.symbols.join(',');
  return 'demo';
}

async function loadSymbolsFromStore(symbols: readonly string[]): Promise<BarSeries[]> {
  const wanted = symbols.map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  if (wanted.length === 0) throw new InputError('symbols', symbols.join(','), 'name a symbol');
  // The database drivers load only when a run reads from the store.
  const { withStore } = await import('../store/with-store.ts');
  const { MarketDataRepository } = await import('../store/repositories/market-data-repository.ts');
  return withStore(async (store) => {
    const repository = new MarketDataRepository(store);
    const out: BarSeries[] = [];
    for (const symbol of wanted) {
      const bars = await repository.getBars(symbol);
      if (bars.length === 0) {
        throw new InputError(
          'symbols',
          symbol,
          'no bars stored for this symbol (import them with `microcap data import`)',
        );
      }
      out.push(bars);
    }
    return out;
  });
}

/** A benchmark is a CSV file when such a file exists, otherwise a symbol in the store. */
async function loadBenchmark(benchmark: string): Promise<BarSeries> {
  if (existsSync(benchmark)) return loadCsvFile(benchmark);
  const [series] = await loadSymbolsFromStore([benchmark]).catch((error: unknown) => {
    if (error instanceof InputError) {
      throw new InputError(
        'benchmark',
        benchmark,
        'is neither a readable file nor a stored symbol',
      );
    }
    throw error;
  });
  return series;
}
