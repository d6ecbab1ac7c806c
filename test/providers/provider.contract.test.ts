import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderError } from '../../src/market-data/providers/errors.ts';
import {
  ProviderHttpError,
  ProviderResponseError,
  ProviderTimeoutError,
  SymbolNotFoundError,
} from '../../src/market-data/providers/errors.ts';
import type { MarketDataProvider } from '../../src/market-data/providers/types.ts';
import { harnesses } from './support/harnesses.ts';
import { startReplayServer } from './support/replay-server.ts';
import type { ReplayServer } from './support/replay-server.ts';

/** The same contract, run against every provider with its own replay server and fixtures. */

const d = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const FROM = d('2024-01-01');
const TO = d('2024-01-31');

describe.each(harnesses)('market-data provider contract: $name', (h) => {
  let server: ReplayServer;
  let provider: MarketDataProvider;

  beforeAll(async () => {
    server = await startReplayServer(h.route);
    provider = h.create(server.baseUrl);
  });
  afterAll(async () => server.close());

  it('has a name, a rate limit and is available when configured', () => {
    expect(provider.name).toBe(h.name);
    expect(provider.rateLimit.requestsPerMinute).toBeGreaterThan(0);
    expect(provider.isAvailable()).toBe(true);
  });

  it('returns ascending daily bars at UTC midnight with the fixture values', async () => {
    const { series, splits } = await provider.historicalBars('ACME', FROM, TO);
    expect(series.symbol).toBe('ACME');
    expect(Array.from(series.time, iso)).toEqual([
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
      '2024-01-08',
    ]);
    expect(Array.from(series.open)).toEqual([10, 10.2, 10, 9.6, 9.9]);
    expect(Array.from(series.high)).toEqual([10.5, 10.4, 10.1, 9.9, 10.3]);
    expect(Array.from(series.low)).toEqual([9.8, 9.9, 9.5, 9.4, 9.85]);
    expect(Array.from(series.close)).toEqual([10.2, 10, 9.6, 9.85, 10.25]);
    expect(Array.from(series.volume)).toEqual([150000, 120000, 180000, 90000, 110000]);
    expect(splits ?? []).toEqual([]);
  });

  it('limits bars to the requested range (both ends inclusive)', async () => {
    const { series } = await provider.historicalBars('ACME', d('2024-01-03'), d('2024-01-05'));
    expect(Array.from(series.time, iso)).toEqual(['2024-01-03', '2024-01-04', '2024-01-05']);
  });

  it('reports split events when the provider carries them', async () => {
    const { series, splits } = await provider.historicalBars('SPLT', FROM, TO);
    expect(series.length).toBe(5);
    if (h.name === 'csv') {
      expect(splits ?? []).toEqual([]);
    } else {
      expect(splits).toEqual([{ time: d('2024-01-04'), ratio: 2 }]);
    }
  });

  it('quotes the last price, singly and in batches', async () => {
    const quote = await provider.quote('ACME');
    expect(quote.symbol).toBe('ACME');
    expect(quote.price).toBe(10.25);
    expect(iso(quote.time)).toBe('2024-01-08');
    const [again] = await provider.quotes(['ACME']);
    expect(again.price).toBe(10.25);
  });

  it('says SymbolNotFoundError for an unknown symbol', async () => {
    await expect(provider.historicalBars('NOPE', FROM, TO)).rejects.toBeInstanceOf(
      SymbolNotFoundError,
    );
    await expect(provider.quote('NOPE')).rejects.toBeInstanceOf(SymbolNotFoundError);
  });

  describe.skipIf(!h.http)('over HTTP', () => {
    const withHandler = async (handler: ReplayServer['handler'], run: () => Promise<unknown>) => {
      const original = server.handler;
      server.handler = handler;
      try {
        return await run();
      } finally {
        server.handler = original;
      }
    };

    it('turns malformed JSON into a ProviderResponseError naming the provider and the body', async () => {
      await withHandler(
        () => ({ body: '{"broken": [1, 2' }),
        async () => {
          const error = await provider.historicalBars('ACME', FROM, TO).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ProviderResponseError);
          expect((error as ProviderResponseError).message).toMatch(
            new RegExp(`^${h.name}: unexpected response: body: not valid JSON`),
          );
          expect((error as ProviderResponseError).transient).toBe(false);
        },
      );
    });

    it('names the field when the shape is wrong', async () => {
      const broken = (url: URL, headers: Parameters<ReplayServer['handler']>[1]) => {
        const reply = h.route(url, headers);
        const text = JSON.stringify(reply.body).replace(/"?10\.50*"?/, '"ten"');
        return { ...reply, body: text };
      };
      await withHandler(broken, async () => {
        const error = await provider.historicalBars('ACME', FROM, TO).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderResponseError);
        expect((error as ProviderResponseError).field).toMatch(/high/);
        expect((error as Error).message.startsWith(`${h.name}: `)).toBe(true);
      });
    });

    it('marks 5xx as transient and carries Retry-After from 429', async () => {
      await withHandler(
        () => ({ status: 503, body: 'down for maintenance' }),
        async () => {
          const error = await provider.historicalBars('ACME', FROM, TO).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ProviderHttpError);
          expect((error as ProviderHttpError).status).toBe(503);
          expect((error as ProviderError).transient).toBe(true);
        },
      );
      await withHandler(
        () => ({ status: 429, headers: { 'retry-after': '3' }, body: 'slow down' }),
        async () => {
          const error = (await provider
            .historicalBars('ACME', FROM, TO)
            .catch((e: unknown) => e)) as ProviderHttpError;
          expect(error.status).toBe(429);
          expect(error.retryAfterMs).toBe(3000);
          expect(error.transient).toBe(true);
        },
      );
    });

    it('times out a request that hangs', async () => {
      const quick = h.create(server.baseUrl, { timeoutMs: 100 });
      await withHandler(
        () => ({ delayMs: 1_000, body: {} }),
        async () => {
          const started = performance.now();
          const error = await quick.historicalBars('ACME', FROM, TO).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ProviderTimeoutError);
          expect(performance.now() - started).toBeLessThan(900);
        },
      );
    });
  });
});
