/**
 * A token bucket per provider: `capacity` requests may burst, then tokens refill continuously at
 * `refillPerSecond`. Callers wait for a token (bounded by maxWaitMs) instead of being throttled
 * by the provider. Clock and sleep are injectable so tests run without real waiting.
 */

export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class RateLimitExceededError extends Error {
  readonly waitMs: number;
  constructor(name: string, waitMs: number) {
    super(`rate limit of ${name}: next slot in ${Math.ceil(waitMs)} ms, longer than allowed`);
    this.name = 'RateLimitExceededError';
    this.waitMs = waitMs;
  }
}

export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private tokens: number;
  private last: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: TokenBucketOptions) {
    if (!(options.capacity >= 1)) throw new RangeError('capacity must be at least 1');
    if (!(options.refillPerSecond > 0)) throw new RangeError('refillPerSecond must be above 0');
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.tokens = options.capacity;
    this.last = this.now();
  }

  /** Requests per minute as a bucket that allows the whole minute's budget as a burst. */
  static perMinute(
    requests: number,
    options: Omit<TokenBucketOptions, 'capacity' | 'refillPerSecond'> = {},
  ): TokenBucket {
    return new TokenBucket({ ...options, capacity: requests, refillPerSecond: requests / 60 });
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.last) / 1000) * this.refillPerSecond,
    );
    this.last = now;
  }

  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes a token now if one is there. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Ms until a token is available (0 when one is there now). */
  waitTime(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.refillPerSecond) * 1000;
  }

  /**
   * Waits for a token and takes it; returns the ms waited. Throws RateLimitExceededError when
   * the wait would exceed maxWaitMs, without taking anything.
   */
  async take(name = 'provider', maxWaitMs = Infinity): Promise<number> {
    let waited = 0;
    for (;;) {
      const wait = this.waitTime();
      if (wait === 0) {
        this.tokens -= 1;
        return waited;
      }
      if (waited + wait > maxWaitMs) throw new RateLimitExceededError(name, wait);
      await this.sleep(wait);
      waited += wait;
    }
  }
}
