import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { parseIsoDate, toIsoDate } from '../domain/time.ts';

/**
 * The point-in-time guard. Every analysis for date D builds its market context here, and this
 * is the only place that filters by date: bars are kept when their UTC date is on or before D,
 * news when its publication time falls on or before the end of D (UTC). Nothing dated after D
 * can reach a prompt for D.
 */

const DAY_MS = 86_400_000;

export interface PricePoint {
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A news item as the context needs it (NewsRepository's StoredNewsItem fits). */
export interface NewsLike {
  readonly publishedAt: number;
  readonly title: string;
  readonly summary: string | null;
  readonly sentiment: number | null;
}

export interface Headline {
  readonly publishedAt: string;
  readonly title: string;
  readonly summary: string | null;
  readonly sentiment: number | null;
}

export interface SymbolContext {
  readonly symbol: string;
  readonly asOf: string;
  /** Oldest first, the last `lookbackBars` bars dated on or before asOf. */
  readonly prices: readonly PricePoint[];
  /** Newest first, at most `maxNews` items published on or before the end of asOf. */
  readonly news: readonly Headline[];
}

export interface ContextOptions {
  readonly lookbackBars?: number;
  readonly maxNews?: number;
}

/** End of day D (exclusive), epoch ms, from YYYY-MM-DD. */
export function endOfDay(asOf: string): number {
  return parseIsoDate(asOf, 'asOf') + DAY_MS;
}

export function buildSymbolContext(
  symbol: string,
  asOf: string,
  series: BarSeries | null,
  news: readonly NewsLike[],
  options: ContextOptions = {},
): SymbolContext {
  const cutoff = endOfDay(asOf);
  const lookback = options.lookbackBars ?? 20;
  const maxNews = options.maxNews ?? 10;
  if (!Number.isInteger(lookback) || lookback < 1)
    throw new InputError('lookbackBars', lookback, 'expected a whole number of 1 or more');

  const prices: PricePoint[] = [];
  if (series) {
    // Last index with time < cutoff (times are strictly increasing).
    let end = 0;
    while (end < series.length && series.time[end] < cutoff) end++;
    for (let i = Math.max(0, end - lookback); i < end; i++) {
      prices.push({
        date: toIsoDate(series.time[i]),
        open: series.open[i],
        high: series.high[i],
        low: series.low[i],
        close: series.close[i],
        volume: series.volume[i],
      });
    }
  }
  const headlines = news
    .filter((item) => item.publishedAt < cutoff)
    .sort((a, b) => b.publishedAt - a.publishedAt || a.title.localeCompare(b.title))
    .slice(0, maxNews)
    .map((item) => ({
      publishedAt: new Date(item.publishedAt).toISOString(),
      title: item.title,
      summary: item.summary,
      sentiment: item.sentiment,
    }));
  return { symbol, asOf, prices, news: headlines };
}

/** The last close in a context, or null without prices. */
export function lastClose(context: SymbolContext): number | null {
  const last = context.prices.at(-1);
  return last ? last.close : null;
}
