import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rangeBarSeries, type BarSeries } from '../domain/bars.ts';
import { loadCsvFile } from '../market-data/csv.ts';
import type { Store } from '../store/database.ts';
import { MarketDataRepository } from '../store/repositories/market-data-repository.ts';

/** Where a paper run reads its latest bars: the database (default) or a folder of CSV files. */
export interface BarSource {
  readonly name: string;
  /** The symbol's bars up to and including `toMs` (all history before it); null if unknown. */
  load(symbol: string, toMs: number): Promise<BarSeries | null>;
}

/** Bars stored by `microcap data import|fetch`. */
export function storeBarSource(store: Store): BarSource {
  const repository = new MarketDataRepository(store);
  return {
    name: 'database',
    async load(symbol, toMs) {
      const series = await repository.getBars(symbol, undefined, toMs);
      return series.length > 0 ? series : null;
    },
  };
}

const EXTENSIONS = ['.csv', '.txt', '.CSV'];

/** DIR/SYMBOL.csv (or .txt; lower-case names too), e.g. the files `demo-data` writes. */
export function csvBarSource(dir: string): BarSource {
  const cache = new Map<string, Promise<BarSeries | null>>();
  const read = (symbol: string): Promise<BarSeries | null> => {
    let pending = cache.get(symbol);
    if (!pending) {
      const path = candidates(dir, symbol).find((p) => existsSync(p));
      pending = path ? loadCsvFile(path, { symbol }) : Promise.resolve(null);
      cache.set(symbol, pending);
    }
    return pending;
  };
  return {
    name: `csv:${dir}`,
    async load(symbol, toMs) {
      const series = await read(symbol);
      return series ? rangeBarSeries(series, -Infinity, toMs) : null;
    },
  };
}

function candidates(dir: string, symbol: string): string[] {
  const names = [symbol, symbol.toLowerCase()];
  return names.flatMap((name) => EXTENSIONS.map((ext) => join(dir, name + ext)));
}

/** Bars held in memory (tests, the API's dry runs). */
export function memoryBarSource(series: readonly BarSeries[]): BarSource {
  const bySymbol = new Map(series.map((s) => [s.symbol, s]));
  return {
    name: 'memory',
    async load(symbol, toMs) {
      const s = bySymbol.get(symbol);
      return s ? rangeBarSeries(s, -Infinity, toMs) : null;
    },
  };
}
