import { describe, expect, it } from 'vitest';
import { normalCdf, normalInverseCdf } from './normal.ts';

// Reference values from mpmath at 40 digits (mp.ncdf, sqrt(2) * erfinv(2p - 1)), rounded to
// the nearest double.
const CDF_CASES: [number, number][] = [
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [-0.5, 0.3085375387259869],
  [1, 0.8413447460685429],
  [-1, 0.15865525393145705],
  [1.96, 0.9750021048517795],
  [-1.96, 0.024997895148220435],
  [3, 0.9986501019683699],
  [-3, 0.0013498980316300946],
  [-5, 2.866515718791939e-7],
  [-8, 6.220960574271784e-16],
  [-10, 7.619853024160525e-24],
  [-20, 2.7536241186062337e-89],
  [-37, 5.725571222524577e-300],
  [6, 0.9999999990134123],
];

const INVERSE_CASES: [number, number][] = [
  [0.975, 1.9599639845400538],
  [0.05, -1.6448536269514726],
  [0.001, -3.0902323061678136],
  [1e-10, -6.361340902404057],
  [0.999999, 4.753424308817087],
];

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual / expected - 1);
}

describe('normalCdf', () => {
  it.each(CDF_CASES)('Phi(%d) matches the 40-digit reference to 1e-14 relative', (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1e-14);
  });

  it('is symmetric: Phi(x) + Phi(-x) = 1', () => {
    for (const x of [0.1, 0.7, 2.5, 4, 7]) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
    }
  });

  it('saturates at 0 and 1 far out and passes NaN through', () => {
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

describe('normalInverseCdf', () => {
  it.each(INVERSE_CASES)('Phi^-1(%d) matches the reference to 1e-14 relative', (p, expected) => {
    expect(relativeError(normalInverseCdf(p), expected)).toBeLessThan(1e-14);
  });

  it('returns exactly 0 at 1/2, infinities at the ends and NaN outside [0, 1]', () => {
    expect(normalInverseCdf(0.5)).toBe(0);
    expect(normalInverseCdf(0)).toBe(-Infinity);
    expect(normalInverseCdf(1)).toBe(Infinity);
    expect(normalInverseCdf(-0.1)).toBeNaN();
    expect(normalInverseCdf(1.1)).toBeNaN();
  });

  it('round-trips with the CDF across the range, including the far tail', () => {
    // Upper-tail x (p near 1) is left out: 1 - p itself keeps only a few digits there.
    for (const x of [-30, -12, -6, -3.3, -1, -0.3, 0.01, 0.6, 2]) {
      const p = normalCdf(x);
      expect(Math.abs(normalInverseCdf(p) - x)).toBeLessThan(1e-12 * Math.max(1, Math.abs(x)));
    }
    for (const p of [1e-300, 1e-50, 1e-6, 0.02, 0.3, 0.5, 0.77, 0.9999]) {
      expect(relativeError(normalCdf(normalInverseCdf(p)), p)).toBeLessThan(1e-13);
    }
  });
});
