import { afterEach, describe, expect, it } from 'vitest';
import { BreakerOpenError, ProviderBreaker } from './circuit-breaker.ts';

const breakers: ProviderBreaker[] = [];
afterEach(() => breakers.splice(0).forEach((b) => b.shutdown()));

const fail = async (): Promise<never> => {
  throw new Error('down');
};

describe('ProviderBreaker', () => {
  it('opens after repeated failures, rejects without calling, half-opens later, closes on success', async () => {
    const breaker = new ProviderBreaker('test', { volumeThreshold: 3, resetTimeoutMs: 80 });
    breakers.push(breaker);
    const states: string[] = [];
    breaker.onStateChange((s) => states.push(s));
    for (let i = 0; i < 3; i++) await expect(breaker.fire(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    let called = false;
    await expect(
      breaker.fire(async () => {
        called = true;
      }),
    ).rejects.toBeInstanceOf(BreakerOpenError);
    expect(called).toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    expect(breaker.state).toBe('half-open');
    expect(await breaker.fire(async () => 'ok')).toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('does not count harmless errors', async () => {
    const breaker = new ProviderBreaker('test', {
      volumeThreshold: 2,
      isHarmless: (e) => (e as Error).message === 'unknown symbol',
    });
    breakers.push(breaker);
    for (let i = 0; i < 5; i++) {
      await expect(
        breaker.fire(async () => {
          throw new Error('unknown symbol');
        }),
      ).rejects.toThrow();
    }
    expect(breaker.state).toBe('closed');
  });
});
