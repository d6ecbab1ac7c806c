import { z } from 'zod';
import type { ProviderBars, Quote, SplitEvent } from '../types.ts';
import { ProviderResponseError, ProviderThrottledError, SymbolNotFoundError } from '../errors.ts';
import { barsToProviderSeries, parseShape } from '../parse-helpers.ts';
import type { RawBar } from '../parse-helpers.ts';

/**
 * Alpha Vantage JSON (https://www.alphavantage.co/documentation/):
 * TIME_SERIES_DAILY -> { "Meta Data": {...}, "Time Series (Daily)": { "YYYY-MM-DD": {
 *   "1. open", "2. high", "3. low", "4. close", "5. volume" } } } (numbers as strings);
 * TIME_SERIES_DAILY_ADJUSTED adds "5. adjusted close", "6. volume", "7. dividend amount",
 * "8. split coefficient". Problems come back as HTTP 200 with one key: "Error Message"
 * (bad symbol or call), "Note" or "Information" (over the call quota / premium endpoint).
 */

export const PROVIDER = 'alphavantage';

const numeric = z
  .string({ error: 'expected a number as text' })
  .trim()
  .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, { error: 'expected a number as text' })
  .transform(Number);

const dailyBar = z.object({
  '1. open': numeric,
  '2. high': numeric,
  '3. low': numeric,
  '4. close': numeric,
  '5. volume': numeric.optional(),
  '5. adjusted close': numeric.optional(),
  '6. volume': numeric.optional(),
  '8. split coefficient': numeric.optional(),
});

const dailyBody = z.object({
  'Meta Data': z.record(z.string(), z.unknown(), { error: 'expected an object' }),
  'Time Series (Daily)': z.record(
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a YYYY-MM-DD key' }),
    dailyBar,
    { error: 'expected an object of dates' },
  ),
});

/** Raises the provider's in-band errors (HTTP 200 with an explanation instead of data). */
export function checkInBandError(body: unknown, symbol: string): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProviderResponseError(PROVIDER, 'body', 'expected a JSON object');
  }
  const record = body as Record<string, unknown>;
  if (typeof record['Error Message'] === 'string') {
    throw new SymbolNotFoundError(PROVIDER, symbol, record['Error Message'].slice(0, 160));
  }
  for (const key of ['Note', 'Information']) {
    if (typeof record[key] === 'string') {
      // The free tier resets per minute (Note) or per day (Information): wait a minute at least.
      throw new ProviderThrottledError(PROVIDER, (record[key] as string).slice(0, 200), 60_000);
    }
  }
}

export function parseDaily(body: unknown, symbol: string, from: number, to: number): ProviderBars {
  checkInBandError(body, symbol);
  const parsed = parseShape(PROVIDER, dailyBody, body);
  const bars: RawBar[] = [];
  const splits: SplitEvent[] = [];
  for (const [date, row] of Object.entries(parsed['Time Series (Daily)'])) {
    const time = Date.parse(date);
    if (Number.isNaN(time))
      throw new ProviderResponseError(
        PROVIDER,
        `Time Series (Daily).${date}`,
        'not a calendar date',
      );
    const volume = row['6. volume'] ?? row['5. volume'];
    if (volume === undefined) {
      throw new ProviderResponseError(PROVIDER, `Time Series (Daily).${date}.5. volume`, 'missing');
    }
    bars.push({
      time,
      open: row['1. open'],
      high: row['2. high'],
      low: row['3. low'],
      close: row['4. close'],
      volume,
      adjClose: row['5. adjusted close'],
    });
    const coefficient = row['8. split coefficient'];
    if (
      coefficient !== undefined &&
      coefficient > 0 &&
      coefficient !== 1 &&
      time >= from &&
      time <= to
    ) {
      splits.push({ time, ratio: coefficient });
    }
  }
  const series = barsToProviderSeries(PROVIDER, symbol, bars, from, to);
  return splits.length ? { series, splits: splits.sort((a, b) => a.time - b.time) } : { series };
}

const globalQuote = z.object({
  'Global Quote': z.object({
    '01. symbol': z.string(),
    '05. price': numeric,
    '06. volume': numeric.optional(),
    '07. latest trading day': z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected YYYY-MM-DD' }),
    '08. previous close': numeric.optional(),
  }),
});

export function parseGlobalQuote(body: unknown, symbol: string): Quote {
  checkInBandError(body, symbol);
  const inner = (body as Record<string, unknown>)['Global Quote'];
  // An unknown symbol gives an empty "Global Quote" object.
  if (inner && typeof inner === 'object' && Object.keys(inner).length === 0) {
    throw new SymbolNotFoundError(PROVIDER, symbol, 'empty Global Quote');
  }
  const q = parseShape(PROVIDER, globalQuote, body)['Global Quote'];
  return {
    symbol: q['01. symbol'],
    price: q['05. price'],
    time: Date.parse(q['07. latest trading day']),
    volume: q['06. volume'],
    previousClose: q['08. previous close'],
  };
}
