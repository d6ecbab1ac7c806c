import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from './verified-tokens.ts';

interface Claims {
  readonly sub: string;
  readonly exp: number;
}

/** A verifier that accepts tokens "ok:<sub>:<exp>" until their expiry and counts its calls. */
function fakeVerifier(clock: { now: number }) {
  const calls: string[] = [];
  const verify = (token: string): Claims => {
    calls.push(token);
    const [kind, sub, exp] = token.split(':');
    if (kind !== 'ok') throw new Error('invalid signature');
    if (clock.now > Number(exp) * 1000) throw new Error('token expired');
    return { sub, exp: Number(exp) };
  };
  return { verify, calls };
}

describe('VerifiedTokens', () => {
  it('verifies a token once and answers the same claims from the cache', () => {
    const clock = { now: 1_000_000 };
    const { verify, calls } = fakeVerifier(clock);
    const tokens = new VerifiedTokens(verify, { maxEntries: 10, now: () => clock.now });
    const first = tokens.verify('ok:alice:2000');
    expect(tokens.verify('ok:alice:2000')).toBe(first);
    expect(tokens.verify('ok:bob:2000').sub).toBe('bob');
    expect(calls).toEqual(['ok:alice:2000', 'ok:bob:2000']);
  });

  it('stops trusting a cached token after its exp, and the verifier then refuses it', () => {
    const clock = { now: 1_000_000 };
    const { verify, calls } = fakeVerifier(clock);
    const tokens = new VerifiedTokens(verify, { maxEntries: 10, now: () => clock.now });
    tokens.verify('ok:alice:1500');
    clock.now = 1_500_000; // exactly at exp: still valid, from the cache
    expect(tokens.verify('ok:alice:1500').sub).toBe('alice');
    expect(calls).toHaveLength(1);
    clock.now = 1_500_001;
    expect(() => tokens.verify('ok:alice:1500')).toThrow('token expired');
    expect(calls).toHaveLength(2);
  });

  it('never keeps a failure: a refused token is verified (and refused) every time', () => {
    const clock = { now: 0 };
    const { verify, calls } = fakeVerifier(clock);
    const tokens = new VerifiedTokens(verify, { maxEntries: 10, now: () => clock.now });
    expect(() => tokens.verify('bad:mallory:9999')).toThrow('invalid signature');
    expect(() => tokens.verify('bad:mallory:9999')).toThrow('invalid signature');
    expect(calls).toHaveLength(2);
  });

  it('refuses claims without a numeric exp rather than caching them forever', () => {
    const tokens = new VerifiedTokens((): { exp: number } => ({ exp: Number.NaN }), {
      maxEntries: 10,
    });
    expect(() => tokens.verify('anything')).toThrow('no numeric exp');
  });

  it('keeps at most maxEntries tokens (least recently used leave first)', () => {
    const clock = { now: 0 };
    const { verify, calls } = fakeVerifier(clock);
    const tokens = new VerifiedTokens(verify, { maxEntries: 2, now: () => clock.now });
    tokens.verify('ok:a:10');
    tokens.verify('ok:b:10');
    tokens.verify('ok:c:10'); // evicts a
    tokens.verify('ok:c:10');
    tokens.verify('ok:a:10'); // verified again
    expect(calls).toEqual(['ok:a:10', 'ok:b:10', 'ok:c:10', 'ok:a:10']);
  });
});
