import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.ts';
import { TwoLevelCache } from '../../src/infra/cache.ts';
import { InMemoryMetrics } from '../../src/infra/metrics.ts';
import {
  AllProvidersFailedError,
  MarketDataService,
} from '../../src/market-data/market-data-service.ts';
import type { MarketDataServiceOptions } from '../../src/market-data/market-data-service.ts';
import { harness } from './support/harnesses.ts';
import { jsonFixture, startReplayServer } from './support/replay-server.ts';
import type { Handler, ReplayServer } from './support/replay-server.ts';

const FROM = Date.parse('2024-01-01');
const TO = Date.parse('2024-01-31');

/** One replay server per provider; tests break them one at a time. */
let servers: Record<'yahoo' | 'alphavantage' | 'tiingo', ReplayServer>;
const services: MarketDataService[] = [];

beforeEach(async () => {
  servers = {
    yahoo: await startReplayServer(harness('yahoo').route),
    alphavantage: await startReplayServer(harness('alphavantage').route),
    tiingo: await startReplayServer(harness('tiingo').route),
  };
});

afterEach(async () => {
  services.splice(0).forEach((s) => s.close());
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

function makeService(options: Partial<MarketDataServiceOptions> = {}): MarketDataService {
  const service = new MarketDataService({
    providers: (['yahoo', 'alphavantage', 'tiingo'] as const).map((name) =>
      harness(name).create(servers[name].baseUrl),
    ),
    retries: 2,
    baseDelayMs: 10,
    maxDelayMs: 40,
    random: () => 0.5,
    ...options,
  });
  services.push(service);
  return service;
}

const failing =
  (status: number, headers: Record<string, string> = {}): Handler =>
  () => ({ status, headers, body: 'upstream trouble' });

describe('MarketDataService failover', () => {
  it('serves from the primary and records it as the source', async () => {
    const result = await makeService().historicalBars('ACME', FROM, TO);
    expect(result.source).toBe('yahoo');
    expect(result.series.length).toBe(5);
    expect(result.attempts).toEqual([
      { provider: 'yahoo', outcome: 'served', tries: 1, waitsMs: [] },
    ]);
    expect(servers.alphavantage.requests).toHaveLength(0);
  });

  it('retries a failing primary with backoff, then the next provider serves', async () => {
    servers.yahoo.handler = failing(502);
    const metrics = new InMemoryMetrics();
    const waits: number[] = [];
    const service = makeService({ metrics, sleep: async (ms) => void waits.push(ms) });
    const result = await service.historicalBars('ACME', FROM, TO);
    expect(result.source).toBe('alphavantage');
    expect(Array.from(result.series.close)).toEqual([10.2, 10, 9.6, 9.85, 10.25]);
    expect(servers.yahoo.requests).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 10 ms, then half of 20 ms.
    expect(waits).toEqual([5, 10]);
    expect(result.attempts[0]).toMatchObject({ provider: 'yahoo', outcome: 'failed', tries: 3 });
    expect(result.attempts[0].reason).toMatch(/^yahoo: HTTP 502/);
    expect(
      metrics.counter('market_data_provider_failures_total', {
        provider: 'yahoo',
        kind: 'ProviderHttpError',
      }),
    ).toBe(1);
    expect(
      metrics.counter('market_data_requests_total', {
        provider: 'alphavantage',
        outcome: 'success',
      }),
    ).toBe(1);
  });

  it('falls through to the third provider when two fail', async () => {
    servers.yahoo.handler = failing(500);
    servers.alphavantage.handler = () => ({ body: jsonFixture('alphavantage/note-throttle.json') });
    const result = await makeService({ sleep: async () => undefined }).historicalBars(
      'ACME',
      FROM,
      TO,
    );
    expect(result.source).toBe('tiingo');
    // Alpha Vantage's in-band throttle note is not retried on the spot.
    expect(result.attempts[1]).toMatchObject({
      provider: 'alphavantage',
      outcome: 'failed',
      tries: 1,
    });
    expect(result.attempts[1].reason).toMatch(/throttled: Thank you for using Alpha Vantage/);
  });

  it('opens the breaker after repeated failures, skips the provider, and half-opens later', async () => {
    servers.yahoo.handler = failing(503);
    const metrics = new InMemoryMetrics();
    const service = makeService({
      retries: 0,
      metrics,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 150 },
    });
    for (let i = 0; i < 3; i++) {
      expect((await service.historicalBars('ACME', FROM + i * 86_400_000, TO)).source).toBe(
        'alphavantage',
      );
    }
    expect(service.breakerStates().yahoo).toBe('open');
    expect(metrics.gaugeValue('market_data_breaker_state', { provider: 'yahoo' })).toBe(1);
    const before = servers.yahoo.requests.length;
    const skipped = await service.historicalBars('ACME', FROM + 3 * 86_400_000, TO);
    expect(skipped.source).toBe('alphavantage');
    expect(skipped.attempts[0]).toMatchObject({
      provider: 'yahoo',
      outcome: 'skipped',
      reason: 'circuit breaker open',
    });
    expect(servers.yahoo.requests.length).toBe(before);

    await new Promise((r) => setTimeout(r, 200));
    expect(service.breakerStates().yahoo).toBe('half-open');
    expect(metrics.gaugeValue('market_data_breaker_state', { provider: 'yahoo' })).toBe(2);
    servers.yahoo.handler = harness('yahoo').route;
    const recovered = await service.historicalBars('ACME', FROM + 4 * 86_400_000, TO);
    expect(recovered.source).toBe('yahoo');
    expect(service.breakerStates().yahoo).toBe('closed');
    expect(metrics.gaugeValue('market_data_breaker_state', { provider: 'yahoo' })).toBe(0);
  });

  it('backs off for the Retry-After of a 429 (injected clock)', async () => {
    let calls = 0;
    servers.yahoo.handler = (url, headers) =>
      calls++ === 0
        ? { status: 429, headers: { 'retry-after': '7' }, body: 'Too Many Requests' }
        : harness('yahoo').route(url, headers);
    const waits: number[] = [];
    const result = await makeService({ sleep: async (ms) => void waits.push(ms) }).historicalBars(
      'ACME',
      FROM,
      TO,
    );
    expect(result.source).toBe('yahoo');
    expect(waits).toEqual([7000]);
    expect(result.attempts[0]).toMatchObject({ tries: 2, waitsMs: [7000] });
  });

  it('really waits the Retry-After of a 429 before asking again', async () => {
    let calls = 0;
    servers.tiingo.handler = (url, headers) =>
      calls++ === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' }
        : harness('tiingo').route(url, headers);
    const result = await makeService().historicalBars('ACME', FROM, TO, { provider: 'tiingo' });
    expect(result.source).toBe('tiingo');
    const [first, second] = servers.tiingo.requests;
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
  });

  it('moves on when Retry-After asks for longer than it is willing to wait', async () => {
    servers.yahoo.handler = failing(429, { 'retry-after': '3600' });
    const waits: number[] = [];
    const result = await makeService({ sleep: async (ms) => void waits.push(ms) }).historicalBars(
      'ACME',
      FROM,
      TO,
    );
    expect(result.source).toBe('alphavantage');
    expect(waits).toEqual([]);
    expect(servers.yahoo.requests).toHaveLength(1);
  });

  it('gives a clear error for malformed JSON and caches nothing', async () => {
    servers.yahoo.handler = () => ({ body: '{"chart": {"result": [{"meta": ' });
    const cache = new TwoLevelCache();
    const service = makeService({ cache });
    const error = await service
      .historicalBars('ACME', FROM, TO, { provider: 'yahoo' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllProvidersFailedError);
    expect((error as Error).message).toContain('yahoo: unexpected response: body: not valid JSON');
    // Not transient: asked once, not retried.
    expect(servers.yahoo.requests).toHaveLength(1);
    expect(cache.stats().l1.size).toBe(0);
    servers.yahoo.handler = harness('yahoo').route;
    const fixed = await service.historicalBars('ACME', FROM, TO, { provider: 'yahoo' });
    expect(fixed.fromCache).toBe(false);
    expect(servers.yahoo.requests).toHaveLength(2);
  });

  it('serves a repeated request from the cache, keeping the original source', async () => {
    servers.yahoo.handler = failing(500);
    const cache = new TwoLevelCache();
    const service = makeService({ cache, retries: 0 });
    const first = await service.historicalBars('ACME', FROM, TO);
    const requestsAfterFirst = servers.alphavantage.requests.length;
    const second = await service.historicalBars('ACME', FROM, TO);
    expect(second.fromCache).toBe(true);
    expect(second.source).toBe('alphavantage');
    expect(Array.from(second.series.close)).toEqual(Array.from(first.series.close));
    expect(Array.from(second.series.time)).toEqual(Array.from(first.series.time));
    expect(servers.alphavantage.requests.length).toBe(requestsAfterFirst);
    expect(cache.stats().l1.hits).toBe(1);
  });

  it('does not open the breaker for unknown symbols, and says so', async () => {
    const service = makeService({ retries: 0, breaker: { volumeThreshold: 2 } });
    for (let i = 0; i < 4; i++) {
      const error = (await service
        .historicalBars('NOPE', FROM, TO)
        .catch((e: unknown) => e)) as AllProvidersFailedError;
      expect(error).toBeInstanceOf(AllProvidersFailedError);
      expect(error.symbolUnknown).toBe(true);
    }
    expect(service.breakerStates()).toEqual({
      yahoo: 'closed',
      alphavantage: 'closed',
      tiingo: 'closed',
    });
  });

  it('falls through when the rate limit would make it wait too long', async () => {
    let now = 0;
    const service = makeService({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      maxRateWaitMs: 1_000,
    });
    // Alpha Vantage: 5 a minute. Use them up, then the sixth must go to Tiingo.
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await service.historicalBars('ACME', FROM + i * 86_400_000, TO, {
            provider: 'alphavantage',
          })
        ).source,
      ).toBe('alphavantage');
    }
    const error = (await service
      .historicalBars('ACME', FROM, TO, { provider: 'alphavantage' })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/rate limit of alphavantage/);
    expect(servers.alphavantage.requests).toHaveLength(5);
  });

  it('serves quotes with their source', async () => {
    servers.yahoo.handler = failing(500);
    const [quote] = await makeService({ retries: 0 }).quotes(['ACME']);
    expect(quote).toMatchObject({ symbol: 'ACME', price: 10.25, source: 'alphavantage' });
  });

  it('rejects bad input with InputError naming the field', async () => {
    const service = makeService();
    await expect(service.historicalBars('AC ME', FROM, TO)).rejects.toThrow(InputError);
    await expect(service.historicalBars('ACME', TO, FROM)).rejects.toThrow(/^from: is after --to/);
    await expect(
      service.historicalBars('ACME', FROM, TO, { provider: 'bloomberg' }),
    ).rejects.toThrow(/^provider: unknown/);
  });

  it('skips providers that are not configured', async () => {
    const service = new MarketDataService({
      providers: [
        new (await import('../../src/market-data/providers/tiingo/provider.ts')).TiingoProvider({
          baseUrl: servers.tiingo.baseUrl,
        }),
        harness('yahoo').create(servers.yahoo.baseUrl),
      ],
    });
    services.push(service);
    const result = await service.historicalBars('ACME', FROM, TO);
    expect(result.source).toBe('yahoo');
    expect(result.attempts[0]).toMatchObject({
      provider: 'tiingo',
      outcome: 'skipped',
      reason: 'not configured',
    });
    expect(servers.tiingo.requests).toHaveLength(0);
  });
});

const redisUrl = process.env.MICROCAP_TEST_REDIS_URL;

describe.skipIf(!redisUrl)(
  'MarketDataService with the Redis L2 cache (MICROCAP_TEST_REDIS_URL)',
  () => {
    it('serves a second process from Redis with the original source, and writes nothing on failure', async () => {
      const prefix = `microcap-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
      const first = new TwoLevelCache({ redisUrl, prefix });
      const second = new TwoLevelCache({ redisUrl, prefix });
      try {
        expect(await first.waitForL2()).toBe(true);
        expect(await second.waitForL2()).toBe(true);
        servers.yahoo.handler = failing(500);
        await makeService({ cache: first, retries: 0 }).historicalBars('ACME', FROM, TO);
        const requests = servers.alphavantage.requests.length;
        const again = await makeService({ cache: second, retries: 0 }).historicalBars(
          'ACME',
          FROM,
          TO,
        );
        expect(again).toMatchObject({ fromCache: true, source: 'alphavantage' });
        expect(Array.from(again.series.close)).toEqual([10.2, 10, 9.6, 9.85, 10.25]);
        expect(servers.alphavantage.requests.length).toBe(requests);
        expect(second.stats().l2.hits).toBe(1);

        servers.yahoo.handler = () => ({ body: 'not json' });
        await expect(
          makeService({ cache: first }).historicalBars('ACME', FROM, TO + 86_400_000, {
            provider: 'yahoo',
          }),
        ).rejects.toThrow(AllProvidersFailedError);
        expect(
          await second.get('market-data', `ACME:${FROM}:${TO + 86_400_000}:yahoo`),
        ).toBeUndefined();
      } finally {
        const { Redis } = await import('ioredis');
        const admin = new Redis(redisUrl!);
        const keys = await admin.keys(`${prefix}:*`);
        if (keys.length) await admin.del(...keys);
        admin.disconnect();
        await first.close();
        await second.close();
      }
    });
  },
);

if (!redisUrl) {
  console.warn(
    '[notice] MICROCAP_TEST_REDIS_URL is not set: the market-data Redis cache test is skipped',
  );
}
