import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { affordableShares, formatSizingRule, parseSizingSpec, targetShares } from './sizing.ts';

describe('parseSizingSpec', () => {
  it('parses the four rules', () => {
    expect(parseSizingSpec('all-in')).toEqual({ kind: 'all-in' });
    expect(parseSizingSpec('percent:25')).toEqual({ kind: 'percent', percent: 25 });
    expect(parseSizingSpec('shares:100')).toEqual({ kind: 'shares', shares: 100 });
    expect(parseSizingSpec('risk:1')).toEqual({ kind: 'risk', percent: 1 });
    expect(formatSizingRule(parseSizingSpec('risk:0.5'))).toBe('risk:0.5');
  });

  it.each(['', 'all', 'percent:0', 'percent:101', 'shares:1.5', 'shares:-3', 'risk:', 'risk:x'])(
    'rejects %j with an InputError naming sizing',
    (spec) => {
      expect(() => parseSizingSpec(spec)).toThrow(InputError);
      expect(() => parseSizingSpec(spec)).toThrow(/^sizing: /);
    },
  );
});

describe('targetShares', () => {
  it('percent of equity, fixed shares, risk units and all-in', () => {
    expect(targetShares({ kind: 'percent', percent: 10 }, 10_000, 7, NaN)).toBe(142);
    expect(targetShares({ kind: 'shares', shares: 30 }, 10_000, 7, NaN)).toBe(30);
    // Risk 1 % of 50,000 = 500 with 2.5 of risk per share -> 200 shares.
    expect(targetShares({ kind: 'risk', percent: 1 }, 50_000, 40, 2.5)).toBe(200);
    expect(targetShares({ kind: 'risk', percent: 1 }, 50_000, 40, NaN)).toBe(0);
    expect(targetShares({ kind: 'all-in' }, 10_000, 7, NaN)).toBe(Infinity);
  });
});

describe('affordableShares', () => {
  it('is the largest whole number of shares whose value plus commission fits', () => {
    const fixed5 = () => 5;
    expect(affordableShares(1000, 10, Infinity, fixed5)).toBe(99);
    expect(affordableShares(1000, 10, 50, fixed5)).toBe(50);
    const perShare = (q: number) => Math.max(1, q * 0.005);
    const q = affordableShares(10_000, 3.33, Infinity, perShare);
    expect(q * 3.33 + perShare(q)).toBeLessThanOrEqual(10_000);
    expect((q + 1) * 3.33 + perShare(q + 1)).toBeGreaterThan(10_000);
    expect(affordableShares(5, 10, Infinity, () => 0)).toBe(0);
  });
});
