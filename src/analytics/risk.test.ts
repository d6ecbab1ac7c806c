import { describe, expect, it } from 'vitest';
import {
  excessKurtosis,
  historicalCvar,
  historicalVar,
  populationKurtosis,
  populationSkewness,
  skewness,
} from './risk.ts';

// k / 100 for k = -10..9, shuffled so the functions must sort.
const TWENTY = Float64Array.from(
  [3, -10, 7, -2, 0, 9, -9, 1, -5, 4, -1, 8, -8, 2, -3, 6, -7, 5, -4, -6],
  (k) => k / 100,
);

describe('historical VaR and CVaR', () => {
  it('VaR95 is minus the type-7 5 % quantile', () => {
    // sorted: -0.10, -0.09, ...; h = (20 - 1) x 0.05 = 0.95 -> q = -0.10 + 0.95 x 0.01 = -0.0905
    expect(historicalVar(TWENTY)).toBeCloseTo(0.0905, 15);
  });

  it('CVaR95 is minus the mean of returns at or below the VaR quantile', () => {
    // only -0.10 lies at or below -0.0905
    expect(historicalCvar(TWENTY)).toBeCloseTo(0.1, 15);
    // at 80 %: h = 19 x 0.2 = 3.8 -> q = -0.07 + 0.8 x 0.01 = -0.062; mean(-0.10..-0.07) = -0.085
    expect(historicalVar(TWENTY, 0.8)).toBeCloseTo(0.062, 15);
    expect(historicalCvar(TWENTY, 0.8)).toBeCloseTo(0.085, 15);
  });

  it('never reports CVaR below VaR and is NaN without returns', () => {
    const r = Float64Array.of(0.02, -0.01, 0.005, -0.03, 0.01);
    expect(historicalCvar(r)).toBeGreaterThanOrEqual(historicalVar(r));
    expect(historicalVar(new Float64Array(0))).toBeNaN();
    expect(historicalCvar(new Float64Array(0))).toBeNaN();
  });
});

describe('skew and kurtosis', () => {
  // x = [1, 2, 3, 10]: mean 4; deviations -3, -2, -1, 6
  // m2 = (9 + 4 + 1 + 36) / 4 = 12.5; m3 = (-27 - 8 - 1 + 216) / 4 = 45; m4 = (81 + 16 + 1 + 1296) / 4 = 348.5
  const x = Float64Array.of(1, 2, 3, 10);
  const g1 = 45 / 12.5 ** 1.5; // 1.018234
  const g2 = 348.5 / 12.5 ** 2 - 3; // -0.7696

  it('sample-adjusted skew G1 = sqrt(n(n-1)) / (n-2) x g1', () => {
    expect(skewness(x)).toBeCloseTo((Math.sqrt(12) / 2) * g1, 13); // 1.763633 (scipy bias=False)
    expect(skewness(x)).toBeCloseTo(1.763632614803888, 12);
  });

  it('sample-adjusted excess kurtosis G2 = (n-1)/((n-2)(n-3)) x ((n+1) g2 + 6)', () => {
    expect(excessKurtosis(x)).toBeCloseTo((3 / 2) * (5 * g2 + 6), 12); // 3.228
    expect(excessKurtosis(x)).toBeCloseTo(3.228, 12);
  });

  it('population forms (for PSR) are m3 / m2^1.5 and m4 / m2^2 (not excess)', () => {
    expect(populationSkewness(x)).toBeCloseTo(g1, 14);
    expect(populationKurtosis(x)).toBeCloseTo(2.2304, 14);
  });

  it('is 0 skew for a symmetric sample and NaN for flat or too short input', () => {
    expect(skewness(TWENTY)).toBeCloseTo(0, 14);
    expect(skewness(Float64Array.of(1, 1, 1, 1))).toBeNaN();
    expect(skewness(Float64Array.of(1, 2))).toBeNaN();
    expect(excessKurtosis(Float64Array.of(1, 2, 3))).toBeNaN();
  });
});
