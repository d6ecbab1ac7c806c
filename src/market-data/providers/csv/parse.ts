import { existsSync, readdirSync } from 'node:fs';
import { join, parse as parsePath } from 'node:path';
import { rangeBarSeries } from '../../../domain/bars.ts';
import type { BarSeries } from '../../../domain/bars.ts';
import type { ProviderBars, Quote } from '../types.ts';

/**
 * The CSV provider reads a folder of Yahoo-format files (Date,Open,High,Low,Close[,Adj Close],
 * Volume): the file for symbol ACME is the one whose name without extension is `ACME`
 * (case-insensitive), with extension .csv or .txt.
 */

export const PROVIDER = 'csv';

const EXTENSIONS = new Set(['.csv', '.txt']);

/** The file for a symbol in the folder, or undefined. */
export function findSymbolFile(dir: string, symbol: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const wanted = symbol.toLowerCase();
  const match = readdirSync(dir).find((name) => {
    const { name: stem, ext } = parsePath(name);
    return EXTENSIONS.has(ext.toLowerCase()) && stem.toLowerCase() === wanted;
  });
  return match === undefined ? undefined : join(dir, match);
}

export function toProviderBars(series: BarSeries, from: number, to: number): ProviderBars {
  return { series: rangeBarSeries(series, from, to) };
}

/** The last bar's close stands for the quote: a file has no live price. */
export function lastBarQuote(series: BarSeries, symbol: string): Quote | undefined {
  const last = series.length - 1;
  if (last < 0) return undefined;
  return {
    symbol,
    price: series.close[last],
    time: series.time[last],
    volume: series.volume[last],
    previousClose: last > 0 ? series.close[last - 1] : undefined,
  };
}
