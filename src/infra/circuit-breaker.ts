import CircuitBreaker from 'opossum';

/**
 * One opossum circuit breaker per dependency (e.g. per market-data provider). It runs whatever
 * function it is given, so one breaker guards every call to that provider, and exposes its state
 * for metrics and the health endpoint.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Failure percentage over the rolling window that opens the breaker (default 50). */
  errorThresholdPercentage?: number;
  /** Calls in the window before the percentage counts (default 3). */
  volumeThreshold?: number;
  /** Time open before one trial call is let through (half-open), ms (default 30 s). */
  resetTimeoutMs?: number;
  /** Rolling statistics window, ms (default 60 s). */
  rollingWindowMs?: number;
  /** Errors for which this returns true do not count as failures (e.g. unknown symbol). */
  isHarmless?: (error: unknown) => boolean;
}

export class BreakerOpenError extends Error {
  readonly breaker: string;
  constructor(breaker: string) {
    super(`circuit breaker "${breaker}" is open`);
    this.name = 'BreakerOpenError';
    this.breaker = breaker;
  }
}

type Task = () => Promise<unknown>;

export class ProviderBreaker {
  readonly name: string;
  private readonly breaker: CircuitBreaker<[Task], unknown>;
  private readonly listeners = new Set<(state: BreakerState) => void>();

  constructor(name: string, options: BreakerOptions = {}) {
    this.name = name;
    const windowMs = options.rollingWindowMs ?? 60_000;
    this.breaker = new CircuitBreaker<[Task], unknown>((task) => task(), {
      name,
      // Timeouts are enforced by the caller with an AbortSignal, which really cancels the request.
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      volumeThreshold: options.volumeThreshold ?? 3,
      resetTimeout: options.resetTimeoutMs ?? 30_000,
      rollingCountTimeout: windowMs,
      rollingCountBuckets: Math.max(1, Math.min(10, Math.floor(windowMs / 100))),
      errorFilter: options.isHarmless ? (error: unknown) => options.isHarmless!(error) : undefined,
    });
    const emit = (): void => {
      const state = this.state;
      for (const listener of this.listeners) listener(state);
    };
    this.breaker.on('open', emit);
    this.breaker.on('halfOpen', emit);
    this.breaker.on('close', emit);
  }

  get state(): BreakerState {
    if (this.breaker.halfOpen) return 'half-open';
    return this.breaker.opened ? 'open' : 'closed';
  }

  /** Runs task through the breaker; rejects with BreakerOpenError without calling it when open. */
  async fire<T>(task: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(task)) as T;
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER')
        throw new BreakerOpenError(this.name);
      throw error;
    }
  }

  onStateChange(listener: (state: BreakerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): { failures: number; successes: number; rejects: number } {
    const s = this.breaker.stats;
    return { failures: s.failures, successes: s.successes, rejects: s.rejects };
  }

  /** Stops opossum's timers (tests, shutdown). */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
