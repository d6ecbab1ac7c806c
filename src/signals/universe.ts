import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';

/**
 * The micro-cap universe: symbols whose market capitalisation is under a limit (default
 * $300 M), whose price is at least a minimum and whose average daily volume (shares, over the
 * last `volumeWindow` bars) is at least a minimum. Market caps come from a MarketCapSource
 * (provider quotes, the demo universe's shares outstanding, a file); a symbol whose cap is
 * unknown is kept unless `requireMarketCap` is set, and the result says so.
 */
export const universeFilterSchema = z.object({
  maxMarketCap: z.number().positive().default(300_000_000),
  minPrice: z.number().min(0).default(1),
  minAvgVolume: z.number().min(0).default(10_000),
  volumeWindow: z.number().int().min(1).max(250).default(20),
  requireMarketCap: z.boolean().default(false),
});

export type UniverseFilter = z.infer<typeof universeFilterSchema>;

/** Market capitalisation in dollars, or null when unknown. */
export interface MarketCapSource {
  marketCap(symbol: string, price: number): Promise<number | null>;
}

export interface UniverseDecision {
  readonly symbol: string;
  readonly included: boolean;
  /** Why it was left out, or a note on an included symbol (e.g. unknown cap). */
  readonly reason: string | null;
  readonly price: number | null;
  readonly marketCap: number | null;
  readonly avgVolume: number | null;
}

/** Filters symbols on their bars up to the last one given (the caller ranges the series). */
export async function filterUniverse(
  candidates: readonly { readonly symbol: string; readonly series: BarSeries | null }[],
  filter: UniverseFilter,
  caps: MarketCapSource | null,
): Promise<UniverseDecision[]> {
  const out: UniverseDecision[] = [];
  for (const { symbol, series } of candidates) {
    if (!series || series.length === 0) {
      out.push({
        symbol,
        included: false,
        reason: 'no bars',
        price: null,
        marketCap: null,
        avgVolume: null,
      });
      continue;
    }
    const last = series.length - 1;
    const price = series.close[last];
    const start = Math.max(0, series.length - filter.volumeWindow);
    let sum = 0;
    for (let i = start; i < series.length; i++) sum += series.volume[i];
    const avgVolume = sum / (series.length - start);
    const marketCap = caps ? await caps.marketCap(symbol, price) : null;
    const base = { symbol, price, marketCap, avgVolume };
    let reason: string | null = null;
    if (marketCap !== null && marketCap >= filter.maxMarketCap) {
      reason = `market cap ${millions(marketCap)} is not under ${millions(filter.maxMarketCap)}`;
    } else if (marketCap === null && filter.requireMarketCap) {
      reason = 'market cap unknown';
    } else if (!(price >= filter.minPrice)) {
      reason = `price ${price.toFixed(2)} is below ${filter.minPrice.toFixed(2)}`;
    } else if (!(avgVolume >= filter.minAvgVolume)) {
      reason = `average volume ${Math.round(avgVolume)} is below ${filter.minAvgVolume}`;
    }
    if (reason) out.push({ ...base, included: false, reason });
    else
      out.push({
        ...base,
        included: true,
        reason: marketCap === null ? 'market cap unknown' : null,
      });
  }
  return out;
}

function millions(value: number): string {
  return `$${(value / 1e6).toFixed(1)} M`;
}

/** Caps from known shares outstanding: shares x price. */
export function sharesOutstandingCaps(shares: ReadonlyMap<string, number>): MarketCapSource {
  return {
    async marketCap(symbol, price) {
      const n = shares.get(symbol.toUpperCase());
      return n === undefined ? null : n * price;
    },
  };
}

/** Fixed caps (a JSON file { "SYM": dollars }, or provider quotes collected beforehand). */
export function fixedCaps(caps: ReadonlyMap<string, number>): MarketCapSource {
  return {
    async marketCap(symbol) {
      return caps.get(symbol.toUpperCase()) ?? null;
    },
  };
}

/** Shares outstanding of the demo universe, from the SYNTHETIC-META.json `demo-data` writes. */
export async function demoMetaCaps(dir: string): Promise<MarketCapSource> {
  const path = join(dir, 'SYNTHETIC-META.json');
  let meta: { meta?: { symbol: string; sharesOutstanding: number }[] };
  try {
    meta = JSON.parse(await readFile(path, 'utf8')) as typeof meta;
  } catch {
    throw new InputError('caps', path, 'cannot read the demo universe metadata');
  }
  return sharesOutstandingCaps(
    new Map((meta.meta ?? []).map((m) => [m.symbol, m.sharesOutstanding])),
  );
}
