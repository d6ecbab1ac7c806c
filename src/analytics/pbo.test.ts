import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { combinations, probabilityOfBacktestOverfitting } from './pbo.ts';

/** Small deterministic generator (mulberry32) and Box-Muller normals for noise matrices. */
function normals(seed: number, count: number): Float64Array {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

describe('combinations', () => {
  it('lists every k-subset once', () => {
    expect(combinations(4, 2)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(combinations(16, 8)).toHaveLength(12870);
  });
});

describe('probabilityOfBacktestOverfitting', () => {
  it('finds PBO 1 on a two-trial example worked by hand', () => {
    // Blocks (S = 2): periods 0-1 and 2-3. Scores are block means.
    // A = [1, 2, -1, -2]: block means 1.5, -1.5.  B = [0, 0, 1, 1]: block means 0, 1.
    // IS = block 0: A wins (1.5 > 0); OOS block 1: A -1.5 < B 1 -> rank 1 of 2, w = 1/3.
    // IS = block 1: B wins (1 > -1.5); OOS block 0: B 0 < A 1.5 -> rank 1, w = 1/3.
    // logit = ln((1/3) / (2/3)) = ln(1/2) <= 0 in both splits -> PBO = 1.
    const result = probabilityOfBacktestOverfitting(
      [Float64Array.of(1, 2, -1, -2), Float64Array.of(0, 0, 1, 1)],
      2,
      { metric: 'mean' },
    );
    expect(result.combinations).toBe(2);
    expect(Array.from(result.selected)).toEqual([0, 1]);
    expect(result.logits[0]).toBeCloseTo(Math.log(0.5), 15);
    expect(result.logits[1]).toBeCloseTo(Math.log(0.5), 15);
    expect(result.pbo).toBe(1);
    expect(Array.from(result.inSample)).toEqual([1.5, 1]);
    expect(Array.from(result.outOfSample)).toEqual([-1.5, 0]);
  });

  it('is 0 when one trial dominates in every split', () => {
    const periods = 120;
    const trials = 10;
    const noise = normals(7, trials * periods);
    const matrix = Array.from({ length: trials }, (_, i) =>
      Float64Array.from(
        { length: periods },
        (_, t) => 0.01 * noise[i * periods + t] + (i === 3 ? 0.05 : 0),
      ),
    );
    const result = probabilityOfBacktestOverfitting(matrix, 8);
    expect(result.combinations).toBe(70);
    expect(result.pbo).toBe(0);
    // the winner is always trial 3, ranked first of 10 out of sample: logit ln(10/11 / (1/11)) = ln 10
    expect(new Set(result.selected)).toEqual(new Set([3]));
    for (const logit of result.logits) expect(logit).toBeCloseTo(Math.log(10), 12);
  });

  it('is near 1/2 for many trials of pure noise', () => {
    const periods = 240;
    const trials = 100;
    const noise = normals(20240501, trials * periods);
    const matrix = Array.from({ length: trials }, (_, i) =>
      noise.subarray(i * periods, (i + 1) * periods),
    );
    const result = probabilityOfBacktestOverfitting(matrix, 10);
    expect(result.combinations).toBe(252);
    expect(result.pbo).toBeGreaterThan(0.25);
    expect(result.pbo).toBeLessThan(0.75);
  });

  it('scores by Sharpe ratio (mean / sample stdev) on the chosen blocks', () => {
    const noise = normals(99, 3 * 12);
    const matrix = [0, 1, 2].map((i) => noise.subarray(i * 12, (i + 1) * 12));
    const result = probabilityOfBacktestOverfitting(matrix, 4);
    const sharpe = (values: number[]): number => {
      const m = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
      return m / sd;
    };
    // First split: blocks {0, 1} = periods 0-5 in sample, periods 6-11 out of sample.
    const isScores = matrix.map((row) => sharpe(Array.from(row.subarray(0, 6))));
    const best = isScores.indexOf(Math.max(...isScores));
    expect(result.combinations).toBe(6);
    expect(result.selected[0]).toBe(best);
    expect(result.inSample[0]).toBeCloseTo(isScores[best], 12);
    expect(result.outOfSample[0]).toBeCloseTo(sharpe(Array.from(matrix[best].subarray(6))), 12);
  });

  it('names the bad input', () => {
    const ok = [Float64Array.of(1, 2, 3, 4), Float64Array.of(4, 3, 2, 1)];
    expect(() => probabilityOfBacktestOverfitting(ok, 3)).toThrow(
      /partitions: must be an even integer/,
    );
    expect(() => probabilityOfBacktestOverfitting(ok, 4)).toThrow(InputError);
    expect(() => probabilityOfBacktestOverfitting([ok[0]], 2)).toThrow(
      /matrix: needs at least 2 trials/,
    );
    expect(() => probabilityOfBacktestOverfitting([ok[0], Float64Array.of(1, 2, 3)], 2)).toThrow(
      /matrix\[1\]: expected 4 periods/,
    );
    expect(() =>
      probabilityOfBacktestOverfitting([ok[0], Float64Array.of(1, NaN, 3, 4)], 2),
    ).toThrow(/matrix\[1\]\[1\]: must be a finite number/);
  });
});
