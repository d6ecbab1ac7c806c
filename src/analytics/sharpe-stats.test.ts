import { describe, expect, it } from 'vitest';
import {
  deflatedSharpeRatio,
  EULER_MASCHERONI,
  expectedMaxSharpe,
  probabilisticSharpeRatio,
  sharpeStandardError,
} from './sharpe-stats.ts';
import { normalCdf } from './normal.ts';

describe('probabilistic Sharpe ratio', () => {
  // SR = 0.1 per period, n = 101, skew -0.5, kurtosis 4:
  // bracket = 1 - (-0.5)(0.1) + (4 - 1)/4 x 0.01 = 1 + 0.05 + 0.0075 = 1.0575
  // se = sqrt(1.0575 / 100) = 0.1028348; z = 0.1 / se = 0.9724333
  const sample = { sharpe: 0.1, observations: 101, skew: -0.5, kurtosis: 4 };

  it('PSR = Phi((SR - SR*) sqrt(n-1) / sqrt(1 - g3 SR + (g4-1)/4 SR^2))', () => {
    expect(sharpeStandardError(sample)).toBeCloseTo(Math.sqrt(1.0575 / 100), 15);
    expect(probabilisticSharpeRatio(sample)).toBeCloseTo(normalCdf(0.1 / Math.sqrt(0.010575)), 15);
    expect(probabilisticSharpeRatio(sample)).toBeCloseTo(0.8345824780464072, 12); // scipy
    // against SR* = 0.1 the estimate is a coin flip
    expect(probabilisticSharpeRatio(sample, 0.1)).toBeCloseTo(0.5, 15);
  });

  it('is undefined (NaN) for a single observation', () => {
    expect(probabilisticSharpeRatio({ ...sample, observations: 1 })).toBeNaN();
  });
});

describe('expected maximum Sharpe and deflated Sharpe', () => {
  it('E[max SR] = sqrt(V) ((1 - g) Phi^-1(1 - 1/N) + g Phi^-1(1 - 1/(N e)))', () => {
    // N = 10, V = 0.01: Phi^-1(0.9) = 1.2815516, Phi^-1(1 - 1/(10e)) = 1.7892418
    const expected =
      0.1 *
      ((1 - 0.5772156649015329) * 1.2815515655446004 + 0.5772156649015329 * 1.7892417645816283);
    expect(EULER_MASCHERONI).toBe(0.5772156649015329);
    expect(expectedMaxSharpe(10, 0.01)).toBeCloseTo(expected, 13); // 0.1574598
    expect(expectedMaxSharpe(1, 0.01)).toBe(0);
  });

  it('DSR is the PSR against E[max SR]', () => {
    const sample = { sharpe: 0.1, observations: 101, skew: -0.5, kurtosis: 4 };
    // (0.1 - 0.1574598) / 0.1028348 = -0.558758 -> Phi = 0.2881633
    expect(deflatedSharpeRatio(sample, 10, 0.01)).toBeCloseTo(0.28816327125617636, 12);
    // one trial deflates nothing
    expect(deflatedSharpeRatio(sample, 1, 0.01)).toBe(probabilisticSharpeRatio(sample));
  });

  it('defaults the trial variance to 1 / (n - 1), the null sampling variance of a Sharpe', () => {
    const sample = { sharpe: 0.1, observations: 101, skew: 0, kurtosis: 3 };
    expect(deflatedSharpeRatio(sample, 50)).toBe(deflatedSharpeRatio(sample, 50, 1 / 100));
  });

  it("reproduces Bailey & Lopez de Prado (2014)'s numerical example", () => {
    // N = 100 trials, V = 0.5 annualised (250 days/year), best SR 2.5 annualised over T = 1250
    // days, skew -3, kurtosis 10: the paper reports SR0 = 0.1132 (per day) and DSR = 0.9004.
    const sr0 = expectedMaxSharpe(100, 0.5 / 250);
    expect(sr0).toBeCloseTo(0.1132, 4);
    const dsr = deflatedSharpeRatio(
      { sharpe: 2.5 / Math.sqrt(250), observations: 1250, skew: -3, kurtosis: 10 },
      100,
      0.5 / 250,
    );
    expect(dsr).toBeCloseTo(0.9004, 4);
  });
});
