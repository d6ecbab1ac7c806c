import { createBarSeries } from '../domain/bars.ts';
import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import type { TwoLevelCache } from '../infra/cache.ts';
import { BreakerOpenError, ProviderBreaker } from '../infra/circuit-breaker.ts';
import type { BreakerOptions, BreakerState } from '../infra/circuit-breaker.ts';
import type { Logger } from '../infra/logger.ts';
import { noopMetrics } from '../infra/metrics.ts';
import type { Metrics } from '../infra/metrics.ts';
import { RateLimitExceededError, TokenBucket } from '../infra/rate-limit.ts';
import { withRetry } from '../infra/retry.ts';
import { ProviderUnavailableError, SymbolNotFoundError } from './providers/errors.ts';
import type { MarketDataProvider, Quote, RequestOptions, SplitEvent } from './providers/types.ts';

/**
 * Fetches market data from the configured providers in order: each behind its own circuit
 * breaker and token bucket, with retries (exponential backoff, full jitter, Retry-After) on
 * transient errors, falling through to the next provider on any failure. Results record the
 * provider that served them (`source`) and are cached (kind `market-data`, 1 h). Failures are
 * never cached.
 */

export interface ProviderAttempt {
  readonly provider: string;
  readonly outcome: 'served' | 'failed' | 'skipped';
  /** Requests made (1 + retries). */
  readonly tries: number;
  readonly reason?: string;
  /** Waits before each retry, ms (from backoff or Retry-After). */
  readonly waitsMs: readonly number[];
}

export interface BarsResult {
  readonly symbol: string;
  readonly source: string;
  readonly series: BarSeries;
  readonly splits: readonly SplitEvent[];
  readonly fromCache: boolean;
  readonly attempts: readonly ProviderAttempt[];
}

export interface QuoteResult extends Quote {
  readonly source: string;
}

export class AllProvidersFailedError extends Error {
  readonly attempts: readonly ProviderAttempt[];
  constructor(what: string, attempts: readonly ProviderAttempt[]) {
    // Provider errors already start with the provider's name.
    const detail = attempts
      .map((a) => {
        const reason = a.reason ?? a.outcome;
        return reason.startsWith(`${a.provider}: `) ? reason : `${a.provider}: ${reason}`;
      })
      .join('; ');
    super(
      `no provider could serve ${what}${detail ? ` (${detail})` : ' (no providers configured)'}`,
    );
    this.name = 'AllProvidersFailedError';
    this.attempts = attempts;
  }

  /** True when every provider that answered said it does not know the symbol. */
  get symbolUnknown(): boolean {
    const failed = this.attempts.filter((a) => a.outcome === 'failed');
    return failed.length > 0 && failed.every((a) => a.reason?.includes('unknown symbol'));
  }
}

export interface MarketDataServiceOptions {
  readonly providers: readonly MarketDataProvider[];
  readonly cache?: TwoLevelCache;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
  /** Retries per provider after the first try (default 2). */
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this makes us move on instead of waiting (default 30 s). */
  readonly maxRetryAfterMs?: number;
  /** Longest wait for a rate-limit slot before moving on (default 5 s). */
  readonly maxRateWaitMs?: number;
  readonly breaker?: BreakerOptions;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

interface Guarded {
  readonly provider: MarketDataProvider;
  readonly breaker: ProviderBreaker;
  readonly bucket: TokenBucket;
}

/** What is cached: plain JSON (Float64Arrays do not survive JSON). */
interface CachedBars {
  source: string;
  symbol: string;
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  adjClose: number[] | null;
  splits: SplitEvent[];
}

const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9.\-^=]{0,19}$/;
const BREAKER_GAUGE: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  open: 1,
  'half-open': 2,
};

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Errors that say nothing about the provider's health. */
function isHarmless(error: unknown): boolean {
  return error instanceof SymbolNotFoundError || error instanceof ProviderUnavailableError;
}

function failureKind(error: unknown): string {
  if (error instanceof BreakerOpenError) return 'breaker_open';
  if (error instanceof RateLimitExceededError) return 'rate_limited';
  return error instanceof Error ? error.name : 'unknown';
}

export class MarketDataService {
  private readonly guarded: readonly Guarded[];
  private readonly options: MarketDataServiceOptions;
  private readonly metrics: Metrics;

  constructor(options: MarketDataServiceOptions) {
    this.options = options;
    this.metrics = options.metrics ?? noopMetrics;
    this.guarded = options.providers.map((provider) => {
      const breaker = new ProviderBreaker(provider.name, { ...options.breaker, isHarmless });
      breaker.onStateChange((state) => {
        this.metrics.gauge('market_data_breaker_state', BREAKER_GAUGE[state], {
          provider: provider.name,
        });
        options.logger?.warn(
          { provider: provider.name, state },
          'market-data circuit breaker changed state',
        );
      });
      this.metrics.gauge('market_data_breaker_state', 0, { provider: provider.name });
      const bucket = TokenBucket.perMinute(provider.rateLimit.requestsPerMinute, {
        now: options.now,
        sleep: options.sleep,
      });
      return { provider, breaker, bucket };
    });
  }

  get providerNames(): string[] {
    return this.guarded.map((g) => g.provider.name);
  }

  breakerStates(): Record<string, BreakerState> {
    return Object.fromEntries(this.guarded.map((g) => [g.provider.name, g.breaker.state]));
  }

  private select(only?: string): readonly Guarded[] {
    if (only === undefined) return this.guarded;
    const found = this.guarded.filter((g) => g.provider.name === only);
    if (found.length === 0) {
      throw new InputError(
        'provider',
        only,
        `unknown or not configured (configured: ${this.providerNames.join(', ')})`,
      );
    }
    return found;
  }

  /** Runs `call` against each provider in order until one succeeds. */
  private async failover<T>(
    what: string,
    candidates: readonly Guarded[],
    call: (provider: MarketDataProvider, request: RequestOptions) => Promise<T>,
  ): Promise<{ value: T; source: string; attempts: ProviderAttempt[] }> {
    const attempts: ProviderAttempt[] = [];
    for (const { provider, breaker, bucket } of candidates) {
      const name = provider.name;
      if (!provider.isAvailable()) {
        attempts.push({
          provider: name,
          outcome: 'skipped',
          tries: 0,
          reason: 'not configured',
          waitsMs: [],
        });
        continue;
      }
      if (breaker.state === 'open') {
        this.metrics.increment('market_data_provider_failures_total', {
          provider: name,
          kind: 'breaker_open',
        });
        attempts.push({
          provider: name,
          outcome: 'skipped',
          tries: 0,
          reason: 'circuit breaker open',
          waitsMs: [],
        });
        continue;
      }
      let tries = 0;
      const waitsMs: number[] = [];
      try {
        const value = await withRetry(
          async () => {
            await bucket.take(name, this.options.maxRateWaitMs ?? 5_000);
            tries++;
            return breaker.fire(() => call(provider, {}));
          },
          {
            retries: this.options.retries ?? 2,
            baseDelayMs: this.options.baseDelayMs ?? 250,
            maxDelayMs: this.options.maxDelayMs ?? 4_000,
            maxRetryAfterMs: this.options.maxRetryAfterMs ?? 30_000,
            sleep: this.options.sleep,
            random: this.options.random,
            onRetry: (info) => {
              waitsMs.push(info.delayMs);
              this.metrics.increment('market_data_retries_total', { provider: name });
              this.options.logger?.info(
                {
                  provider: name,
                  retry: info.retry,
                  delayMs: info.delayMs,
                  err: describeError(info.error),
                },
                'retrying market-data request',
              );
            },
          },
        );
        this.metrics.increment('market_data_requests_total', {
          provider: name,
          outcome: 'success',
        });
        attempts.push({ provider: name, outcome: 'served', tries, waitsMs });
        return { value, source: name, attempts };
      } catch (error) {
        this.metrics.increment('market_data_requests_total', {
          provider: name,
          outcome: 'failure',
        });
        this.metrics.increment('market_data_provider_failures_total', {
          provider: name,
          kind: failureKind(error),
        });
        this.options.logger?.warn(
          { provider: name, err: describeError(error), what },
          'market-data provider failed',
        );
        attempts.push({
          provider: name,
          outcome: 'failed',
          tries,
          reason: describeError(error),
          waitsMs,
        });
      }
    }
    throw new AllProvidersFailedError(what, attempts);
  }

  /** Daily bars for [from, to] (epoch ms, inclusive) from the first provider that serves them. */
  async historicalBars(
    symbol: string,
    from: number,
    to: number,
    options: { provider?: string } = {},
  ): Promise<BarsResult> {
    if (!SYMBOL.test(symbol))
      throw new InputError('symbol', symbol, 'expected a ticker such as ACME or BRK.B');
    if (!(Number.isFinite(from) && Number.isFinite(to)))
      throw new InputError('from/to', [from, to], 'expected dates');
    if (from > to)
      throw new InputError('from', new Date(from).toISOString().slice(0, 10), 'is after --to');
    const candidates = this.select(options.provider);
    const key = `${symbol.toUpperCase()}:${from}:${to}:${options.provider ?? 'any'}`;
    const cached = await this.options.cache?.get<CachedBars>('market-data', key);
    if (cached) return { ...fromCached(cached), fromCache: true, attempts: [] };

    const { value, source, attempts } = await this.failover(
      `${symbol} bars`,
      candidates,
      (provider, request) => provider.historicalBars(symbol, from, to, request),
    );
    const result: BarsResult = {
      symbol: value.series.symbol,
      source,
      series: value.series,
      splits: value.splits ?? [],
      fromCache: false,
      attempts,
    };
    await this.options.cache?.set('market-data', key, toCached(result));
    return result;
  }

  async quote(symbol: string, options: { provider?: string } = {}): Promise<QuoteResult> {
    if (!SYMBOL.test(symbol))
      throw new InputError('symbol', symbol, 'expected a ticker such as ACME or BRK.B');
    const { value, source } = await this.failover(
      `${symbol} quote`,
      this.select(options.provider),
      (p, r) => p.quote(symbol, r),
    );
    return { ...value, source };
  }

  async quotes(
    symbols: readonly string[],
    options: { provider?: string } = {},
  ): Promise<QuoteResult[]> {
    for (const s of symbols)
      if (!SYMBOL.test(s))
        throw new InputError('symbol', s, 'expected a ticker such as ACME or BRK.B');
    const { value, source } = await this.failover(
      `quotes for ${symbols.join(',')}`,
      this.select(options.provider),
      (p, r) => p.quotes(symbols, r),
    );
    return value.map((q) => ({ ...q, source }));
  }

  /** Stops breaker timers (call on shutdown and in tests). */
  close(): void {
    for (const g of this.guarded) g.breaker.shutdown();
  }
}

function toCached(result: BarsResult): CachedBars {
  const s = result.series;
  return {
    source: result.source,
    symbol: s.symbol,
    time: Array.from(s.time),
    open: Array.from(s.open),
    high: Array.from(s.high),
    low: Array.from(s.low),
    close: Array.from(s.close),
    volume: Array.from(s.volume),
    adjClose: s.adjClose ? Array.from(s.adjClose) : null,
    splits: [...result.splits],
  };
}

function fromCached(c: CachedBars): Omit<BarsResult, 'fromCache' | 'attempts'> {
  return {
    symbol: c.symbol,
    source: c.source,
    series: createBarSeries(c.symbol, c),
    splits: c.splits,
  };
}
