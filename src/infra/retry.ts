/**
 * Retries with exponential backoff and full jitter (AWS architecture blog: "Exponential Backoff
 * And Jitter"): the wait before retry n is uniform in [0, min(maxDelay, base * 2^n)], which
 * spreads retries from many clients. Only transient failures are retried; a 429 or 503 that
 * names a Retry-After is honoured instead of the computed delay.
 */

/** What an error may carry to steer retries (duck-typed so any layer can set it). */
export interface RetryHint {
  /** True for failures worth repeating: 5xx, 429, timeouts, network errors. */
  readonly transient?: boolean;
  /** Server-requested wait (Retry-After), in ms. */
  readonly retryAfterMs?: number;
}

export interface RetryAttemptInfo {
  /** 1 for the first retry. */
  readonly retry: number;
  readonly delayMs: number;
  readonly error: unknown;
  /** True when the delay came from Retry-After. */
  readonly serverRequested: boolean;
}

export interface RetryOptions {
  /** Retries after the first attempt (0 = try once). */
  retries: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is thrown (fall through). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  isRetryable?: (error: unknown) => boolean;
  onRetry?: (info: RetryAttemptInfo) => void;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function isTransient(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as RetryHint).transient === true;
}

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as RetryHint).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Full-jitter delay for retry number `retry` (1-based). */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

/**
 * Parses a Retry-After header: delta-seconds or an HTTP date. Returns ms to wait, or undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  nowMs = Date.now(),
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  const retryable = options.isRetryable ?? isTransient;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n + 1);
    } catch (error) {
      if (n >= options.retries || !retryable(error)) throw error;
      const requested = retryAfterOf(error);
      if (requested !== undefined && requested > maxRetryAfter) throw error;
      const delayMs = requested ?? backoffDelay(n + 1, base, max, random);
      options.onRetry?.({ retry: n + 1, delayMs, error, serverRequested: requested !== undefined });
      await wait(delayMs);
    }
  }
}
