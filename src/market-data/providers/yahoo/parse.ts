import { z } from 'zod';
import type { ProviderBars, Quote, SplitEvent } from '../types.ts';
import { ProviderResponseError } from '../errors.ts';
import { DAY_MS, barsToProviderSeries, parseShape } from '../parse-helpers.ts';
import type { RawBar } from '../parse-helpers.ts';

/**
 * Yahoo Finance chart JSON (GET /v8/finance/chart/<symbol>?period1=&period2=&interval=1d&events=div|split),
 * as yahoo-finance2's `chart()` hands it over with `return: 'object'` (i.e. `chart.result[0]`):
 * { meta: { symbol, gmtoffset, regularMarketPrice, regularMarketTime, ... }, timestamp: [unix s],
 *   indicators: { quote: [ { open: [], high: [], low: [], close: [], volume: [] } ],
 *   adjclose: [ { adjclose: [] } ] }, events?: { splits?: { "<unix s>": { date, numerator,
 *   denominator, splitRatio } } } }. Arrays may hold null for sessions without trades.
 */

export const PROVIDER = 'yahoo';

const seconds = z.union([z.number(), z.date().transform((d) => d.getTime() / 1000)]);
const column = z.array(z.number().nullable(), { error: 'expected an array of numbers' });

const chartResult = z.object({
  meta: z.object({
    symbol: z.string(),
    gmtoffset: z.number().optional(),
    regularMarketPrice: z.number().optional(),
    regularMarketTime: seconds.optional(),
    regularMarketVolume: z.number().optional(),
    previousClose: z.number().optional(),
  }),
  timestamp: z.array(z.number(), { error: 'expected an array of unix times' }).optional(),
  indicators: z.object({
    quote: z.array(
      z
        .object({ open: column, high: column, low: column, close: column, volume: column })
        .partial(),
      { error: 'expected an array' },
    ),
    adjclose: z.array(z.object({ adjclose: column.optional() })).optional(),
  }),
  events: z
    .object({
      splits: z
        .record(
          z.string(),
          z.object({ date: seconds, numerator: z.number(), denominator: z.number() }),
        )
        .optional(),
    })
    .partial()
    .optional(),
});

/** UTC midnight of the exchange-local date of a unix time (Yahoo stamps daily bars at the open). */
function localDay(unixSeconds: number, gmtoffset: number): number {
  return Math.floor((unixSeconds + gmtoffset) / 86_400) * DAY_MS;
}

export function parseChart(raw: unknown, symbol: string, from: number, to: number): ProviderBars {
  const chart = parseShape(PROVIDER, chartResult, raw, 'chart.result.0');
  const offset = chart.meta.gmtoffset ?? 0;
  const times = chart.timestamp ?? [];
  const quote = chart.indicators.quote[0] ?? {};
  const adj = chart.indicators.adjclose?.[0]?.adjclose;
  const bars: RawBar[] = [];
  if (times.length > 0) {
    for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
      if (quote[field]?.length !== times.length) {
        throw new ProviderResponseError(
          PROVIDER,
          `chart.result.0.indicators.quote.0.${field}`,
          `expected ${times.length} values like timestamp, got ${quote[field]?.length ?? 'none'}`,
        );
      }
    }
  }
  for (let i = 0; i < times.length; i++) {
    const [open, high, low, close] = [
      quote.open![i],
      quote.high![i],
      quote.low![i],
      quote.close![i],
    ];
    // Yahoo leaves nulls for sessions without trades: not bars.
    if (open === null || high === null || low === null || close === null) continue;
    const adjClose = adj?.[i];
    bars.push({
      time: localDay(times[i], offset),
      open,
      high,
      low,
      close,
      volume: quote.volume![i] ?? 0,
      adjClose: adjClose === null || adjClose === undefined ? undefined : adjClose,
    });
  }
  const splits: SplitEvent[] = Object.values(chart.events?.splits ?? {})
    .map((s) => ({ time: localDay(s.date, offset), ratio: s.numerator / s.denominator }))
    .filter((s) => s.time >= from && s.time <= to && Number.isFinite(s.ratio) && s.ratio > 0)
    .sort((a, b) => a.time - b.time);
  const series = barsToProviderSeries(PROVIDER, symbol, bars, from, to);
  return splits.length ? { series, splits } : { series };
}

/** A quote from the chart's meta block (the quote endpoint needs Yahoo's cookie/crumb dance). */
export function parseChartQuote(raw: unknown, symbol: string): Quote {
  const chart = parseShape(PROVIDER, chartResult, raw, 'chart.result.0');
  const { regularMarketPrice: price, regularMarketTime: time } = chart.meta;
  if (price === undefined)
    throw new ProviderResponseError(PROVIDER, 'chart.result.0.meta.regularMarketPrice', 'missing');
  if (time === undefined)
    throw new ProviderResponseError(PROVIDER, 'chart.result.0.meta.regularMarketTime', 'missing');
  return {
    symbol: chart.meta.symbol || symbol,
    price,
    time: time * 1000,
    volume: chart.meta.regularMarketVolume,
    previousClose: chart.meta.previousClose,
  };
}
