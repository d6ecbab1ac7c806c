import { describe, expect, it } from 'vitest';
import { RateLimitExceededError, TokenBucket } from './rate-limit.ts';

function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBucket', () => {
  it('allows a burst of capacity, then refills at the rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2, ...clock });
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.waitTime()).toBe(500);
    clock.advance(500);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  it('take() waits for the next token and reports the wait', async () => {
    const clock = fakeClock();
    const bucket = TokenBucket.perMinute(5, clock);
    for (let i = 0; i < 5; i++) expect(await bucket.take()).toBe(0);
    expect(await bucket.take()).toBe(12_000);
    expect(clock.now()).toBe(12_000);
  });

  it('refuses to wait longer than allowed and keeps its tokens', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 0.1, ...clock });
    await bucket.take();
    await expect(bucket.take('alphavantage', 1000)).rejects.toBeInstanceOf(RateLimitExceededError);
    expect(clock.now()).toBe(0);
  });
});
