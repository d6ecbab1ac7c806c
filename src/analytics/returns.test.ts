import { describe, expect, it } from 'vitest';
import {
  annualisedVolatility,
  cagr,
  MS_PER_YEAR,
  periodRate,
  simpleReturns,
  totalReturn,
  yearsBetween,
} from './returns.ts';

describe('simpleReturns', () => {
  it('computes equity[t] / equity[t-1] - 1', () => {
    // [100, 110, 99, 120] -> [110/100 - 1, 99/110 - 1, 120/99 - 1] = [0.1, -0.1, 0.212121...]
    const r = simpleReturns(Float64Array.of(100, 110, 99, 120));
    expect(r).toHaveLength(3);
    expect(r[0]).toBeCloseTo(0.1, 15);
    expect(r[1]).toBeCloseTo(-0.1, 15);
    expect(r[2]).toBeCloseTo(0.21212121212121213, 15);
  });

  it('gives no returns for a single bar and 0 after ruin', () => {
    expect(simpleReturns(Float64Array.of(100))).toHaveLength(0);
    // 100 -> 0 is -100 %; from 0 onwards there is nothing at risk, so 0.
    expect(Array.from(simpleReturns(Float64Array.of(100, 0, 0, 5)))).toEqual([-1, 0, 0]);
  });
});

describe('totalReturn and CAGR', () => {
  it('total return is final / initial - 1', () => {
    expect(totalReturn(100, 120)).toBeCloseTo(0.2, 15);
    expect(totalReturn(100, 75)).toBeCloseTo(-0.25, 15);
  });

  it('CAGR compounds over calendar years of 365.25 days', () => {
    const start = Date.UTC(2020, 0, 1);
    const years = yearsBetween(start, start + 2 * 365.25 * 86_400_000);
    expect(years).toBe(2);
    // 100 -> 121 over two years: (121/100)^(1/2) - 1 = 1.1 - 1 = 0.1
    expect(cagr(100, 121, years)).toBeCloseTo(0.1, 14);
    // half a year from 100 to 110: 1.1^2 - 1 = 0.21
    expect(cagr(100, 110, 0.5)).toBeCloseTo(0.21, 14);
    expect(MS_PER_YEAR).toBe(31_557_600_000);
  });

  it('CAGR is undefined (NaN) for no elapsed time or negative final equity', () => {
    expect(cagr(100, 120, 0)).toBeNaN();
    expect(cagr(100, -5, 1)).toBeNaN();
    expect(cagr(100, 0, 1)).toBe(-1);
  });
});

describe('annualisedVolatility', () => {
  it('is the sample stdev of returns x sqrt(252)', () => {
    // r = [0.1, -0.1, 0.2121212]; mean m = 0.2121212 / 3 = 0.0707070
    // deviations: 0.0292929, -0.1707070, 0.1414141
    // squares: 0.000858076, 0.029140904, 0.019997959 -> sum 0.049996939, / (3 - 1) = 0.0249985
    // stdev = 0.158109 -> x sqrt(252) = 2.509903
    const r = simpleReturns(Float64Array.of(100, 110, 99, 120));
    const m = (0.1 - 0.1 + 0.21212121212121213) / 3;
    const variance = ((0.1 - m) ** 2 + (-0.1 - m) ** 2 + (0.21212121212121213 - m) ** 2) / 2;
    expect(annualisedVolatility(r)).toBeCloseTo(Math.sqrt(variance) * Math.sqrt(252), 12);
    expect(annualisedVolatility(r)).toBeCloseTo(2.5099032501411034, 12);
  });

  it('is 0 for flat equity and NaN below two returns', () => {
    expect(annualisedVolatility(simpleReturns(Float64Array.of(5, 5, 5)))).toBe(0);
    expect(annualisedVolatility(Float64Array.of(0.01))).toBeNaN();
  });
});

describe('periodRate', () => {
  it('converts an annual rate to the compounding per-period rate', () => {
    const daily = periodRate(0.05);
    expect((1 + daily) ** 252).toBeCloseTo(1.05, 12);
    expect(periodRate(0)).toBe(0);
  });
});
