import { describe, expect, it } from 'vitest';
import {
  calmarRatio,
  downsideDeviation,
  periodSharpe,
  sharpeRatio,
  sortinoRatio,
} from './ratios.ts';

// r = [0.01, -0.02, 0.03, 0]; mean = 0.02 / 4 = 0.005
// deviations 0.005, -0.025, 0.025, -0.005; squares sum 0.0013; sample variance 0.0013 / 3
const R = Float64Array.of(0.01, -0.02, 0.03, 0);
const SD = Math.sqrt(0.0013 / 3); // 0.0208167

describe('Sharpe ratio', () => {
  it('is mean excess return / sample stdev, x sqrt(252) annualised', () => {
    expect(periodSharpe(R)).toBeCloseTo(0.005 / SD, 14); // 0.240192
    expect(sharpeRatio(R)).toBeCloseTo((0.005 / SD) * Math.sqrt(252), 12); // 3.812943
    // with rf = 0.001 per period the numerator is 0.004 (the stdev is unchanged)
    expect(sharpeRatio(R, 0.001)).toBeCloseTo((0.004 / SD) * Math.sqrt(252), 12);
  });

  it('is NaN for zero variance or fewer than two returns', () => {
    expect(sharpeRatio(Float64Array.of(0.01, 0.01, 0.01))).toBeNaN();
    expect(sharpeRatio(Float64Array.of(0.01))).toBeNaN();
  });
});

describe('Sortino ratio', () => {
  it('uses the root mean square of min(0, r - target) over ALL periods', () => {
    // target 0: shortfalls [0, -0.02, 0, 0] -> sqrt(0.0004 / 4) = 0.01
    expect(downsideDeviation(R, 0)).toBeCloseTo(0.01, 15);
    expect(sortinoRatio(R, 0)).toBeCloseTo((0.005 / 0.01) * Math.sqrt(252), 12); // 7.937254
    // target 0.01: shortfalls [0, -0.03, 0, -0.01] -> sqrt(0.001 / 4) = 0.0158114; mean excess -0.005
    expect(downsideDeviation(R, 0.01)).toBeCloseTo(Math.sqrt(0.00025), 15);
    expect(sortinoRatio(R, 0.01)).toBeCloseTo((-0.005 / Math.sqrt(0.00025)) * Math.sqrt(252), 12);
  });

  it('is NaN when nothing falls below the target', () => {
    expect(sortinoRatio(Float64Array.of(0.01, 0.02, 0))).toBeNaN();
  });
});

describe('Calmar ratio', () => {
  it('is CAGR / max drawdown and NaN without a drawdown', () => {
    expect(calmarRatio(0.1, 0.25)).toBeCloseTo(0.4, 15);
    expect(calmarRatio(-0.05, 0.5)).toBeCloseTo(-0.1, 15);
    expect(calmarRatio(0.1, 0)).toBeNaN();
  });
});
