import { LRUCache } from 'lru-cache';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.ts';

/**
 * Two-level cache: L1 in-process (lru-cache), L2 Redis when a URL is given. Keys follow
 * `<prefix>:<kind>:<key>` with prefix `microcap`. Values must be JSON-serialisable (L2 stores
 * JSON; L1 keeps the object, so callers treat cached values as immutable).
 *
 * Redis is optional at run time too: while it is down every L2 call is skipped (counted as an
 * error), the cache serves from L1 alone and never throws, and ioredis keeps reconnecting.
 */

export const CACHE_KINDS = [
  'market-data',
  'signals',
  'portfolio',
  'performance',
  'ai-analysis',
] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

const MINUTE = 60_000;
export const CACHE_TTL_MS: Readonly<Record<CacheKind, number>> = {
  'market-data': 60 * MINUTE,
  signals: 5 * MINUTE,
  portfolio: 30 * MINUTE,
  performance: 60 * MINUTE,
  'ai-analysis': 24 * 60 * MINUTE,
};

export interface LevelStats {
  hits: number;
  misses: number;
}

export interface CacheStats {
  l1: LevelStats & { size: number };
  l2: LevelStats & { errors: number; enabled: boolean; connected: boolean };
}

export interface CacheOptions {
  /** redis://... enables L2. */
  redisUrl?: string;
  /** Key prefix; default `microcap` (tests use a unique one per run). */
  prefix?: string;
  /** Max L1 entries (default 1,000). */
  l1MaxEntries?: number;
  /** L2 command timeout, ms (default 250): a slow Redis must not slow the request much. */
  l2TimeoutMs?: number;
  logger?: Logger;
  /** Receives `cache_requests_total{level, kind, result}` (hit | miss | error). */
  metrics?: Metrics;
}

type Json = NonNullable<unknown>;

export class TwoLevelCache {
  readonly prefix: string;
  private readonly l1: LRUCache<string, Json>;
  private readonly redis: Redis | null;
  private readonly logger?: Logger;
  private readonly metrics?: Metrics;
  private readonly counts = {
    l1Hits: 0,
    l1Misses: 0,
    l2Hits: 0,
    l2Misses: 0,
    l2Errors: 0,
  };

  constructor(options: CacheOptions = {}) {
    this.prefix = options.prefix ?? 'microcap';
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.l1 = new LRUCache<string, Json>({
      max: options.l1MaxEntries ?? 1_000,
      ttlAutopurge: false,
    });
    this.redis = options.redisUrl
      ? this.connect(options.redisUrl, options.l2TimeoutMs ?? 250)
      : null;
  }

  private connect(url: string, timeoutMs: number): Redis {
    const redis = new Redis(url, {
      lazyConnect: false,
      // Fail fast instead of queueing while disconnected; L1 carries on alone.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: timeoutMs,
      connectTimeout: Math.max(1_000, timeoutMs),
      // Keep reconnecting forever, backing off to 5 s between attempts.
      retryStrategy: (times) => Math.min(times * 200, 5_000),
    });
    let warned = false;
    redis.on('error', (error: Error) => {
      if (!warned)
        this.logger?.warn({ err: error.message }, 'redis cache unavailable; using L1 only');
      warned = true;
    });
    redis.on('ready', () => {
      if (warned) this.logger?.info('redis cache reconnected');
      warned = false;
    });
    return redis;
  }

  private count(level: 'l1' | 'l2', kind: CacheKind, result: 'hit' | 'miss' | 'error'): void {
    this.metrics?.increment('cache_requests_total', { level, kind, result });
  }

  key(kind: CacheKind, key: string): string {
    return `${this.prefix}:${kind}:${key}`;
  }

  private get l2Ready(): boolean {
    return this.redis !== null && this.redis.status === 'ready';
  }

  async get<T extends Json>(kind: CacheKind, key: string): Promise<T | undefined> {
    const fullKey = this.key(kind, key);
    const local = this.l1.get(fullKey);
    if (local !== undefined) {
      this.counts.l1Hits++;
      this.count('l1', kind, 'hit');
      return local as T;
    }
    this.counts.l1Misses++;
    this.count('l1', kind, 'miss');
    if (!this.redis) return undefined;
    if (!this.l2Ready) {
      this.counts.l2Errors++;
      this.count('l2', kind, 'error');
      return undefined;
    }
    try {
      const [text, ttlMs] = await Promise.all([this.redis.get(fullKey), this.redis.pttl(fullKey)]);
      if (text === null) {
        this.counts.l2Misses++;
        this.count('l2', kind, 'miss');
        return undefined;
      }
      this.counts.l2Hits++;
      this.count('l2', kind, 'hit');
      const value = JSON.parse(text) as T;
      // Promote to L1 for the rest of its Redis lifetime.
      if (ttlMs > 0) this.l1.set(fullKey, value, { ttl: ttlMs });
      return value;
    } catch (error) {
      this.counts.l2Errors++;
      this.count('l2', kind, 'error');
      this.logger?.debug({ err: (error as Error).message, key: fullKey }, 'redis get failed');
      return undefined;
    }
  }

  async set<T extends Json>(
    kind: CacheKind,
    key: string,
    value: T,
    ttlMs = CACHE_TTL_MS[kind],
  ): Promise<void> {
    const fullKey = this.key(kind, key);
    this.l1.set(fullKey, value, { ttl: ttlMs });
    if (!this.redis) return;
    if (!this.l2Ready) {
      this.counts.l2Errors++;
      return;
    }
    try {
      await this.redis.set(fullKey, JSON.stringify(value), 'PX', ttlMs);
    } catch (error) {
      this.counts.l2Errors++;
      this.logger?.debug({ err: (error as Error).message, key: fullKey }, 'redis set failed');
    }
  }

  async delete(kind: CacheKind, key: string): Promise<void> {
    const fullKey = this.key(kind, key);
    this.l1.delete(fullKey);
    if (!this.l2Ready) return;
    try {
      await this.redis!.del(fullKey);
    } catch {
      this.counts.l2Errors++;
    }
  }

  /** Returns the cached value or computes, stores and returns it. Failures are not cached. */
  async wrap<T extends Json>(
    kind: CacheKind,
    key: string,
    compute: () => Promise<T>,
    ttlMs?: number,
  ): Promise<T> {
    const cached = await this.get<T>(kind, key);
    if (cached !== undefined) return cached;
    const value = await compute();
    await this.set(kind, key, value, ttlMs);
    return value;
  }

  /** Empties L1 (L2 keeps its entries): lets tests and benchmarks measure the L2 path. */
  clearL1(): void {
    this.l1.clear();
  }

  stats(): CacheStats {
    return {
      l1: { hits: this.counts.l1Hits, misses: this.counts.l1Misses, size: this.l1.size },
      l2: {
        hits: this.counts.l2Hits,
        misses: this.counts.l2Misses,
        errors: this.counts.l2Errors,
        enabled: this.redis !== null,
        connected: this.l2Ready,
      },
    };
  }

  /** Resolves once Redis is ready (true) or after timeoutMs (false); true at once without L2. */
  async waitForL2(timeoutMs = 2_000): Promise<boolean> {
    if (!this.redis) return true;
    const start = Date.now();
    while (!this.l2Ready) {
      if (Date.now() - start > timeoutMs) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  async close(): Promise<void> {
    if (!this.redis) return;
    this.redis.disconnect(false);
  }
}
