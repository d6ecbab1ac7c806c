import type { z } from 'zod';
import { barsToSeries, type BarSeries, type SourceBar } from '../../domain/bars.ts';
import { ProviderResponseError } from './errors.ts';

/** Parses with a zod schema; the first issue becomes a ProviderResponseError with its path. */
export function parseShape<T>(
  provider: string,
  schema: z.ZodType<T>,
  value: unknown,
  root = 'body',
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [root, ...issue.path.map(String)].join('.');
  throw new ProviderResponseError(provider, path, issue.message);
}

/** A bar as a provider's parser reads it, before the series is built and validated. */
export type RawBar = SourceBar;

/**
 * Sorts bars ascending, keeps [from, to], and builds the columnar series. Two bars on one day
 * from a provider mean the response is broken: reject rather than guess.
 */
export function barsToProviderSeries(
  provider: string,
  symbol: string,
  bars: RawBar[],
  from: number,
  to: number,
): BarSeries {
  const kept = bars.filter((b) => b.time >= from && b.time <= to).sort((a, b) => a.time - b.time);
  for (let i = 1; i < kept.length; i++) {
    if (kept[i].time === kept[i - 1].time) {
      throw new ProviderResponseError(
        provider,
        'date',
        `two bars for ${new Date(kept[i].time).toISOString().slice(0, 10)}`,
      );
    }
  }
  // The adjusted close is kept only when every bar has one: a partial column would mix bases.
  const hasAdj = kept.length > 0 && kept.every((b) => b.adjClose !== undefined);
  return barsToSeries(symbol, kept, hasAdj);
}

export const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
