import { join } from 'node:path';
import { AlphaVantageProvider } from '../../../src/market-data/providers/alphavantage/provider.ts';
import { CsvProvider } from '../../../src/market-data/providers/csv/provider.ts';
import { TiingoProvider } from '../../../src/market-data/providers/tiingo/provider.ts';
import type { MarketDataProvider } from '../../../src/market-data/providers/types.ts';
import { YahooProvider } from '../../../src/market-data/providers/yahoo/provider.ts';
import { fixturesDir, jsonFixture } from './replay-server.ts';
import type { Handler, Reply } from './replay-server.ts';

/**
 * How to build each provider against a replay server, and how that server answers the
 * provider's real endpoints for the fixture symbols ACME (5 bars) and SPLT (2:1 split on
 * 2024-01-04). Every provider's contract test uses the same symbols and expectations.
 */
export interface ProviderHarness {
  readonly name: string;
  /** False for providers that do not speak HTTP (csv): outage tests do not apply. */
  readonly http: boolean;
  create(baseUrl: string, overrides?: { timeoutMs?: number }): MarketDataProvider;
  /** Answers the provider's endpoints from fixtures. */
  readonly route: Handler;
}

const API_KEY = 'test-key-123';
const known = new Set(['ACME', 'SPLT']);

const yahoo: ProviderHarness = {
  name: 'yahoo',
  http: true,
  create: (baseUrl, o) =>
    new YahooProvider({
      baseUrl,
      timeoutMs: o?.timeoutMs ?? 2_000,
      now: () => Date.parse('2024-01-09T12:00:00Z'),
    }),
  route: (url): Reply => {
    const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    if (!match) return { status: 404, body: { error: 'no route' } };
    const symbol = decodeURIComponent(match[1]);
    if (!known.has(symbol)) return { status: 404, body: jsonFixture('yahoo/not-found.json') };
    return { body: jsonFixture(`yahoo/chart-${symbol}.json`) };
  },
};

const alphavantage: ProviderHarness = {
  name: 'alphavantage',
  http: true,
  create: (baseUrl, o) =>
    new AlphaVantageProvider({
      apiKey: API_KEY,
      baseUrl,
      adjusted: true,
      timeoutMs: o?.timeoutMs ?? 2_000,
      now: () => Date.parse('2024-01-09T12:00:00Z'),
    }),
  route: (url): Reply => {
    if (url.pathname !== '/query') return { status: 404, body: 'not found' };
    if (url.searchParams.get('apikey') !== API_KEY)
      return { body: { 'Error Message': 'the parameter apikey is invalid or missing.' } };
    const symbol = url.searchParams.get('symbol') ?? '';
    const fn = url.searchParams.get('function');
    if (fn === 'GLOBAL_QUOTE') {
      return {
        body: jsonFixture(
          symbol === 'ACME'
            ? 'alphavantage/global-quote-ACME.json'
            : 'alphavantage/global-quote-empty.json',
        ),
      };
    }
    if (!known.has(symbol)) return { body: jsonFixture('alphavantage/error-message.json') };
    return {
      body: jsonFixture(
        symbol === 'SPLT'
          ? 'alphavantage/daily-adjusted-SPLT.json'
          : 'alphavantage/daily-ACME.json',
      ),
    };
  },
};

const tiingo: ProviderHarness = {
  name: 'tiingo',
  http: true,
  create: (baseUrl, o) =>
    new TiingoProvider({ apiKey: API_KEY, baseUrl, timeoutMs: o?.timeoutMs ?? 2_000 }),
  route: (url, headers): Reply => {
    if (headers.authorization !== `Token ${API_KEY}`)
      return { status: 401, body: { detail: 'Invalid token.' } };
    if (url.pathname === '/iex/') {
      const tickers = (url.searchParams.get('tickers') ?? '').split(',');
      return { body: tickers.includes('ACME') ? jsonFixture('tiingo/iex-ACME.json') : [] };
    }
    const match = /^\/tiingo\/daily\/([^/]+)\/prices$/.exec(url.pathname);
    if (!match) return { status: 404, body: { detail: 'Not found.' } };
    const symbol = decodeURIComponent(match[1]).toUpperCase();
    if (!known.has(symbol)) return { status: 404, body: jsonFixture('tiingo/not-found.json') };
    return { body: jsonFixture(`tiingo/prices-${symbol}.json`) };
  },
};

const csv: ProviderHarness = {
  name: 'csv',
  http: false,
  create: () => new CsvProvider({ dir: join(fixturesDir, 'csv') }),
  route: () => ({ status: 500, body: 'csv does not use HTTP' }),
};

export const harnesses: readonly ProviderHarness[] = [yahoo, alphavantage, tiingo, csv];
export const httpHarnesses = harnesses.filter((h) => h.http);

export function harness(name: string): ProviderHarness {
  const found = harnesses.find((h) => h.name === name);
  if (!found) throw new Error(`no harness ${name}`);
  return found;
}
