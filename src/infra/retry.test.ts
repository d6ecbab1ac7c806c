import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, withRetry } from './retry.ts';

const transient = (retryAfterMs?: number) =>
  Object.assign(new Error('boom'), { transient: true, retryAfterMs });

describe('withRetry', () => {
  it('retries transient failures with full-jitter exponential backoff', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw transient();
        return 'ok';
      },
      {
        retries: 5,
        baseDelayMs: 100,
        maxDelayMs: 350,
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    // 0.5 * min(350, 100 * 2^(n-1)) for n = 1, 2, 3
    expect(waits).toEqual([50, 100, 175]);
  });

  it('does not retry permanent errors', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('bad symbol');
        },
        { retries: 3, sleep: async () => undefined },
      ),
    ).rejects.toThrow('bad symbol');
    expect(calls).toBe(1);
  });

  it('gives up after the allowed retries', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw transient();
        },
        { retries: 2, sleep: async () => undefined },
      ),
    ).rejects.toThrow('boom');
    expect(calls).toBe(3);
  });

  it('waits what Retry-After asks, and refuses waits beyond the maximum', async () => {
    const waits: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw transient(1500);
        return 1;
      },
      { retries: 1, random: () => 0, sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([1500]);
    await expect(
      withRetry(
        async () => {
          throw transient(120_000);
        },
        { retries: 3, maxRetryAfterMs: 60_000, sleep: async () => undefined },
      ),
    ).rejects.toThrow('boom');
  });
});

describe('backoff helpers', () => {
  it('caps the delay and scales with random', () => {
    expect(backoffDelay(1, 100, 1000, () => 0.999)).toBe(99);
    expect(backoffDelay(10, 100, 1000, () => 0.5)).toBe(500);
    expect(backoffDelay(3, 100, 1000, () => 0)).toBe(0);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('2015-10-21T07:28:00Z')),
    ).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
