import type { Redis } from 'ioredis';

/**
 * Lockout after repeated failed logins, counted per account and per client IP: once either
 * reaches `maxFailures` within the lockout window, logins for it are refused (429) until the
 * window ends, even with the right password. A success clears the account's count.
 */
export interface LoginGuard {
  /** Seconds until the lock ends, or 0 when not locked. */
  lockedFor(keys: readonly string[], now?: number): Promise<number>;
  recordFailure(keys: readonly string[], now?: number): Promise<void>;
  clear(key: string): Promise<void>;
}

export interface LoginGuardOptions {
  readonly maxFailures: number;
  readonly lockoutSeconds: number;
}

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export function ipKey(ip: string): string {
  return `ip:${ip}`;
}

export class MemoryLoginGuard implements LoginGuard {
  readonly #options: LoginGuardOptions;
  readonly #entries = new Map<string, { failures: number; expiresAt: number }>();

  constructor(options: LoginGuardOptions) {
    this.#options = options;
  }

  async lockedFor(keys: readonly string[], now = Date.now()): Promise<number> {
    let seconds = 0;
    for (const key of keys) {
      const entry = this.#live(key, now);
      if (entry && entry.failures >= this.#options.maxFailures) {
        seconds = Math.max(seconds, Math.ceil((entry.expiresAt - now) / 1000));
      }
    }
    return seconds;
  }

  async recordFailure(keys: readonly string[], now = Date.now()): Promise<void> {
    for (const key of keys) {
      const entry = this.#live(key, now);
      if (entry) entry.failures += 1;
      else
        this.#entries.set(key, {
          failures: 1,
          expiresAt: now + this.#options.lockoutSeconds * 1000,
        });
    }
    if (this.#entries.size > 100_000) this.#sweep(now);
  }

  async clear(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  #live(key: string, now: number) {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep(now: number): void {
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }
}

/** The same rule on Redis, so every server process shares the counts. */
export class RedisLoginGuard implements LoginGuard {
  readonly #redis: Redis;
  readonly #options: LoginGuardOptions;
  readonly #prefix: string;

  constructor(redis: Redis, options: LoginGuardOptions, prefix = 'microcap') {
    this.#redis = redis;
    this.#options = options;
    this.#prefix = prefix;
  }

  async lockedFor(keys: readonly string[]): Promise<number> {
    let seconds = 0;
    for (const key of keys) {
      const full = this.#key(key);
      const failures = Number((await this.#redis.get(full)) ?? 0);
      if (failures >= this.#options.maxFailures) {
        seconds = Math.max(seconds, Math.max(1, await this.#redis.ttl(full)));
      }
    }
    return seconds;
  }

  async recordFailure(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const full = this.#key(key);
      const failures = await this.#redis.incr(full);
      if (failures === 1) await this.#redis.expire(full, this.#options.lockoutSeconds);
    }
  }

  async clear(key: string): Promise<void> {
    await this.#redis.del(this.#key(key));
  }

  #key(key: string): string {
    return `${this.#prefix}:login-failures:${key}`;
  }
}
