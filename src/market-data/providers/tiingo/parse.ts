import { z } from 'zod';
import type { ProviderBars, Quote, SplitEvent } from '../types.ts';
import { ProviderResponseError } from '../errors.ts';
import { barsToProviderSeries, parseShape } from '../parse-helpers.ts';
import { utcDay } from '../../calendar.ts';

/**
 * Tiingo JSON (https://www.tiingo.com/documentation/end-of-day):
 * GET /tiingo/daily/<ticker>/prices?startDate=&endDate= -> [ { date: "2024-01-02T00:00:00.000Z",
 *   open, high, low, close, volume, adjOpen, adjHigh, adjLow, adjClose, adjVolume, divCash,
 *   splitFactor } ]; an unknown ticker is HTTP 404 { "detail": "Error: Ticker 'X' not found" }.
 * GET /iex/?tickers=A,B -> [ { ticker, timestamp, last, tngoLast, prevClose, volume, ... } ].
 */

export const PROVIDER = 'tiingo';

const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { error: 'expected an ISO-8601 date' });

const priceRow = z.object({
  date: isoTime,
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  adjClose: z.number().optional(),
  splitFactor: z.number().optional(),
});

const pricesBody = z.array(priceRow, { error: 'expected an array of daily prices' });

export function parsePrices(body: unknown, symbol: string, from: number, to: number): ProviderBars {
  const rows = parseShape(PROVIDER, pricesBody, body);
  const splits: SplitEvent[] = [];
  const bars = rows.map((row) => {
    const time = utcDay(Date.parse(row.date));
    if (row.splitFactor !== undefined && row.splitFactor > 0 && row.splitFactor !== 1) {
      splits.push({ time, ratio: row.splitFactor });
    }
    return {
      time,
      open: row.open,
      high: row.high,
      low: row.low,
      close: row.close,
      volume: row.volume,
      adjClose: row.adjClose,
    };
  });
  const series = barsToProviderSeries(PROVIDER, symbol, bars, from, to);
  const kept = splits.filter((s) => s.time >= from && s.time <= to).sort((a, b) => a.time - b.time);
  return kept.length ? { series, splits: kept } : { series };
}

const iexRow = z.object({
  ticker: z.string(),
  timestamp: isoTime,
  last: z.number().nullable().optional(),
  tngoLast: z.number().nullable().optional(),
  prevClose: z.number().nullable().optional(),
  volume: z.number().nullable().optional(),
});

const iexBody = z.array(iexRow, { error: 'expected an array of quotes' });

/** Quotes in the order Tiingo answered; tickers it does not know are simply absent. */
export function parseIex(body: unknown): Quote[] {
  return parseShape(PROVIDER, iexBody, body).flatMap((row, index) => {
    const price = row.last ?? row.tngoLast;
    if (price === null || price === undefined) {
      throw new ProviderResponseError(PROVIDER, `body.${index}.last`, 'no last or tngoLast price');
    }
    return [
      {
        symbol: row.ticker.toUpperCase(),
        price,
        time: Date.parse(row.timestamp),
        volume: row.volume ?? undefined,
        previousClose: row.prevClose ?? undefined,
      },
    ];
  });
}
