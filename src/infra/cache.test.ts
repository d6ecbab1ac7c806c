import { randomUUID } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_TTL_MS, TwoLevelCache } from './cache.ts';
import { InMemoryMetrics } from './metrics.ts';

const redisUrl = process.env.MICROCAP_TEST_REDIS_URL;

/** A port that nothing listens on: bind, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('TwoLevelCache L1', () => {
  it('uses the key scheme and the documented TTLs', () => {
    const cache = new TwoLevelCache();
    expect(cache.key('market-data', 'AAPL:2020')).toBe('microcap:market-data:AAPL:2020');
    expect(CACHE_TTL_MS).toEqual({
      'market-data': 3_600_000,
      signals: 300_000,
      portfolio: 1_800_000,
      performance: 3_600_000,
      'ai-analysis': 86_400_000,
    });
  });

  it('counts hits and misses and computes once through wrap', async () => {
    const metrics = new InMemoryMetrics();
    const cache = new TwoLevelCache({ metrics });
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await cache.wrap('signals', 'k', compute)).toEqual({ n: 1 });
    expect(await cache.wrap('signals', 'k', compute)).toEqual({ n: 1 });
    expect(computed).toBe(1);
    expect(cache.stats().l1).toMatchObject({ hits: 1, misses: 1, size: 1 });
    expect(cache.stats().l2.enabled).toBe(false);
    expect(
      metrics.counter('cache_requests_total', { level: 'l1', kind: 'signals', result: 'hit' }),
    ).toBe(1);
    expect(
      metrics.counter('cache_requests_total', { level: 'l1', kind: 'signals', result: 'miss' }),
    ).toBe(1);
  });

  it('expires entries after their TTL and does not cache failures', async () => {
    const cache = new TwoLevelCache();
    await cache.set('signals', 'short', { v: 1 }, 30);
    expect(await cache.get('signals', 'short')).toEqual({ v: 1 });
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get('signals', 'short')).toBeUndefined();
    await expect(
      cache.wrap('signals', 'x', async () => {
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect(await cache.get('signals', 'x')).toBeUndefined();
  });
});

describe('TwoLevelCache with Redis unreachable', () => {
  it('degrades to L1 without throwing', async () => {
    const port = await closedPort();
    const cache = new TwoLevelCache({ redisUrl: `redis://127.0.0.1:${port}` });
    try {
      expect(await cache.waitForL2(300)).toBe(false);
      await cache.set('market-data', 'k', { bars: [1, 2] });
      expect(await cache.get('market-data', 'k')).toEqual({ bars: [1, 2] });
      expect(await cache.get('market-data', 'missing')).toBeUndefined();
      const stats = cache.stats();
      expect(stats.l2).toMatchObject({ enabled: true, connected: false, hits: 0 });
      expect(stats.l2.errors).toBeGreaterThanOrEqual(2);
      expect(stats.l1.hits).toBe(1);
    } finally {
      await cache.close();
    }
  });
});

describe.skipIf(!redisUrl)('TwoLevelCache with Redis (MICROCAP_TEST_REDIS_URL)', () => {
  const prefix = `microcap-test-${process.pid}-${randomUUID().slice(0, 8)}`;
  const admin = redisUrl ? new Redis(redisUrl) : null;

  afterAll(async () => {
    if (!admin) return;
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length) await admin.del(...keys);
    admin.disconnect();
  });

  it('writes L2 with the TTL, and serves another process from L2', async () => {
    const writer = new TwoLevelCache({ redisUrl, prefix });
    const reader = new TwoLevelCache({ redisUrl, prefix });
    try {
      expect(await writer.waitForL2()).toBe(true);
      expect(await reader.waitForL2()).toBe(true);
      await writer.set('portfolio', 'p1', { cash: 100 });
      const ttl = await admin!.pttl(`${prefix}:portfolio:p1`);
      expect(ttl).toBeGreaterThan(CACHE_TTL_MS.portfolio - 5_000);
      expect(ttl).toBeLessThanOrEqual(CACHE_TTL_MS.portfolio);
      expect(await reader.get('portfolio', 'p1')).toEqual({ cash: 100 });
      expect(reader.stats().l2).toMatchObject({ hits: 1, misses: 0, connected: true });
      // Promoted to L1: the second read does not touch Redis.
      expect(await reader.get('portfolio', 'p1')).toEqual({ cash: 100 });
      expect(reader.stats().l1.hits).toBe(1);
      expect(await reader.get('portfolio', 'none')).toBeUndefined();
      expect(reader.stats().l2.misses).toBe(1);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('reconnects to Redis that comes up after start', async () => {
    // A TCP relay to the test Redis on a port that is closed at first.
    const target = new URL(redisUrl!);
    const port = await closedPort();
    const cache = new TwoLevelCache({ redisUrl: `redis://127.0.0.1:${port}`, prefix });
    const relay = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    try {
      expect(await cache.waitForL2(200)).toBe(false);
      await cache.set('signals', 'early', { v: 1 });
      await new Promise<void>((r) => relay.listen(port, '127.0.0.1', r));
      expect(await cache.waitForL2(8_000)).toBe(true);
      await cache.set('signals', 'late', { v: 2 });
      expect(await admin!.get(`${prefix}:signals:late`)).toBe('{"v":2}');
    } finally {
      await cache.close();
      await new Promise<void>((r) => relay.close(() => r()));
    }
  });
});

if (!redisUrl) {
  console.warn('[notice] MICROCAP_TEST_REDIS_URL is not set: the Redis L2 cache tests are skipped');
}
