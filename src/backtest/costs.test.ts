import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { makeSeries } from '../../test/fixtures/backtest/scripted.ts';
import {
  commissionFor,
  defaultCosts,
  halfSpreadFraction,
  noCosts,
  parseCommissionSpec,
  slippageFraction,
  US_BROKER_COMMISSION,
} from './costs.ts';
import { averageTrueRange, corwinSchultzSpread, dailyVolatility } from './trailing-stats.ts';

describe('commission models', () => {
  it('per share with a minimum and a cap as a fraction of value (IB-like tier)', () => {
    expect(commissionFor(US_BROKER_COMMISSION, 1000, 10)).toBeCloseTo(5, 12); // 1000 * 0.005
    expect(commissionFor(US_BROKER_COMMISSION, 50, 10)).toBe(1); // minimum $1
    expect(commissionFor(US_BROKER_COMMISSION, 50, 0.1)).toBeCloseTo(0.05, 12); // 1 % of $5
    expect(commissionFor(US_BROKER_COMMISSION, 0, 10)).toBe(0);
  });

  it('percent of value and fixed per fill', () => {
    expect(commissionFor({ kind: 'percent', percent: 0.1 }, 200, 50)).toBeCloseTo(10, 12);
    expect(commissionFor({ kind: 'fixed', amount: 4.95 }, 1, 1)).toBe(4.95);
    expect(commissionFor({ kind: 'zero' }, 1000, 10)).toBe(0);
  });

  it('parses CLI specs', () => {
    expect(parseCommissionSpec('zero')).toEqual({ kind: 'zero' });
    expect(parseCommissionSpec('us-broker')).toEqual(US_BROKER_COMMISSION);
    expect(parseCommissionSpec('per-share:0.005,min=1,max=0.01')).toEqual({
      kind: 'per-share',
      perShare: 0.005,
      min: 1,
      maxFraction: 0.01,
    });
    expect(parseCommissionSpec('per-share:0.01')).toEqual({
      kind: 'per-share',
      perShare: 0.01,
      min: 0,
      maxFraction: Infinity,
    });
    expect(parseCommissionSpec('percent:0.1')).toEqual({ kind: 'percent', percent: 0.1 });
    expect(parseCommissionSpec('fixed:1')).toEqual({ kind: 'fixed', amount: 1 });
  });

  it.each([
    '',
    'ib',
    'percent:',
    'percent:-1',
    'fixed:abc',
    'per-share:0.005,foo=1',
    'per-share:x',
  ])('rejects %j naming commission and the spec', (spec) => {
    expect(() => parseCommissionSpec(spec)).toThrow(InputError);
    try {
      parseCommissionSpec(spec);
    } catch (error) {
      expect((error as InputError).field).toBe('commission');
      expect((error as InputError).value).toBe(spec);
      expect((error as Error).message).toContain(JSON.stringify(spec));
    }
  });
});

describe('Corwin-Schultz spread', () => {
  it('matches the formula computed by hand for one pair of days', () => {
    // beta = ln(11/10)^2 + ln(10.8/10.2)^2, gamma = ln(11/10)^2 -> S = 0.0382012...
    const s = makeSeries('X', [
      [10.5, 11, 10, 10.5, 1],
      [10.5, 10.8, 10.2, 10.5, 1],
      [10, 10, 10, 10, 1],
    ]);
    expect(corwinSchultzSpread(s, 2, 20)).toBeCloseTo(0.03820122197345548, 12);
    // Only past bars count: at index 1 there is no complete pair yet.
    expect(corwinSchultzSpread(s, 1, 20)).toBeNaN();
  });

  it('floors negative two-day estimates at 0 before averaging', () => {
    // Pair 1 gives S = -0.03243 (floored to 0); pair 2 is the 0.03820 pair above.
    const s = makeSeries('X', [
      [10.2, 10.5, 10, 10.4, 1],
      [10.5, 11, 10.3, 10.5, 1],
      [10.5, 10.8, 10.2, 10.5, 1],
      [10, 10, 10, 10, 1],
    ]);
    const pair2 = makeSeries('Y', [
      [10.5, 11, 10.3, 10.5, 1],
      [10.5, 10.8, 10.2, 10.5, 1],
      [10, 10, 10, 10, 1],
    ]);
    const second = corwinSchultzSpread(pair2, 2, 20);
    expect(corwinSchultzSpread(s, 3, 20)).toBeCloseTo((0 + second) / 2, 12);
  });

  it('shifts the second day by an overnight gap above the first close', () => {
    // Day 1 [10.9, 11.5] lies wholly above day 0's close 10.2: shifted down 0.7 to [10.2, 10.8],
    // which with day 0 [10, 11] is the 0.03820 pair; unadjusted the estimate is negative (0).
    const gapped = makeSeries('X', [
      [10.5, 11, 10, 10.2, 1],
      [11, 11.5, 10.9, 11.2, 1],
      [11, 11, 11, 11, 1],
    ]);
    expect(corwinSchultzSpread(gapped, 2, 20)).toBeCloseTo(0.03820122197345548, 12);
  });

  it('the spread model caps the estimate and falls back without history', () => {
    const s = makeSeries('X', [
      [10.5, 11, 10, 10.5, 1],
      [10.5, 10.8, 10.2, 10.5, 1],
      [10, 10, 10, 10, 1],
    ]);
    const cs = { kind: 'corwin-schultz', window: 20, capBps: 100, fallbackBps: 50 } as const;
    expect(halfSpreadFraction(cs, s, 2)).toBeCloseTo(0.005, 12); // capped at 100 bps, half paid
    expect(halfSpreadFraction(cs, s, 0)).toBeCloseTo(0.0025, 12); // fallback 50 bps, half paid
    expect(halfSpreadFraction({ kind: 'fixed', bps: 20 }, s, 2)).toBeCloseTo(0.001, 12);
  });
});

describe('slippage', () => {
  // Closes 10, 11, 10, 11: log returns +a, -a, +a with a = ln 1.1; sample sd = a * sqrt(4/3).
  const s = makeSeries('X', [
    [10, 10, 10, 10, 1000],
    [11, 11, 11, 11, 3000],
    [10, 10, 10, 10, 2000],
    [11, 11, 11, 11, 2000],
    [11, 11, 11, 11, 999_999],
  ]);
  const a = Math.log(1.1);
  const sigma = a * Math.sqrt(4 / 3);

  it('uses past bars only for sigma and ADV', () => {
    expect(dailyVolatility(s, 4, 20)).toBeCloseTo(sigma, 12);
    expect(averageTrueRange(s, 4, 20)).toBeCloseTo((0 + 1 + 1 + 1) / 4, 12);
  });

  it('adds k * sigma * sqrt(shares / ADV) to the fixed bps, capped', () => {
    const model = { fixedBps: 5, impactK: 0.1, window: 20, maxImpactBps: 1000 };
    const adv = (1000 + 3000 + 2000 + 2000) / 4;
    const expected = 0.0005 + 0.1 * sigma * Math.sqrt(200 / adv);
    expect(slippageFraction(model, s, 4, 200)).toBeCloseTo(expected, 12);
    expect(slippageFraction({ ...model, maxImpactBps: 10 }, s, 4, 200)).toBeCloseTo(0.0015, 12);
    expect(slippageFraction({ ...model, impactK: 0 }, s, 4, 200)).toBeCloseTo(0.0005, 12);
  });
});

describe('presets', () => {
  it('noCosts switches everything off, including the volume cap', () => {
    const none = noCosts();
    expect(none.participation).toBeNull();
    expect(commissionFor(none.commission, 100, 10)).toBe(0);
    expect(none.slippage.fixedBps + none.slippage.impactK).toBe(0);
    expect(none.spread).toEqual({ kind: 'fixed', bps: 0 });
  });

  it('defaultCosts caps participation at 10 % and uses the US broker tier', () => {
    const d = defaultCosts();
    expect(d.participation).toBe(0.1);
    expect(d.commission).toEqual(US_BROKER_COMMISSION);
  });
});
