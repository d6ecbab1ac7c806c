import { describe, expect, it } from 'vitest';
import { alignedReturns, benchmarkStats, seriesTotalReturn } from './benchmark.ts';

// equity [100, 102, 101, 104, 103] -> rp = [0.02, -0.0098039, 0.0297030, -0.0096154]
// bench  [50, 51, 50, 52, 52]      -> rb = [0.02, -0.0196078, 0.04, 0]
const EQUITY = Float64Array.of(100, 102, 101, 104, 103);
const BENCH = Float64Array.of(50, 51, 50, 52, 52);

function byHand(): { rp: number[]; rb: number[]; beta: number } {
  const rp = [102 / 100 - 1, 101 / 102 - 1, 104 / 101 - 1, 103 / 104 - 1];
  const rb = [51 / 50 - 1, 50 / 51 - 1, 52 / 50 - 1, 52 / 52 - 1];
  const mp = (rp[0] + rp[1] + rp[2] + rp[3]) / 4;
  const mb = (rb[0] + rb[1] + rb[2] + rb[3]) / 4;
  let cov = 0;
  let varB = 0;
  for (let i = 0; i < 4; i++) {
    cov += (rp[i] - mp) * (rb[i] - mb);
    varB += (rb[i] - mb) ** 2;
  }
  return { rp, rb, beta: cov / 3 / (varB / 3) };
}

describe('benchmarkStats', () => {
  it('beta = sample cov(rp, rb) / sample var(rb)', () => {
    const stats = benchmarkStats(EQUITY, BENCH);
    expect(stats.beta).toBeCloseTo(byHand().beta, 14);
    expect(stats.beta).toBeCloseTo(0.7460070007925454, 12); // numpy cross-check
    expect(stats.correlation).toBeCloseTo(0.9412743418468413, 12);
    expect(stats.periods).toBe(4);
  });

  it("alpha = (mean(rp - rf) - beta x mean(rb - rf)) x 252 (Jensen's, annualised)", () => {
    const { rp, rb, beta } = byHand();
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(benchmarkStats(EQUITY, BENCH).alpha).toBeCloseTo((mean(rp) - beta * mean(rb)) * 252, 12);
    const rf = 1.02 ** (1 / 252) - 1;
    expect(benchmarkStats(EQUITY, BENCH, rf).alpha).toBeCloseTo(
      (mean(rp) - rf - beta * (mean(rb) - rf)) * 252,
      12,
    );
    expect(benchmarkStats(EQUITY, BENCH, rf).alpha).toBeCloseTo(0.004472509599831285, 12);
  });

  it('tracking error and information ratio from active returns rp - rb', () => {
    const { rp, rb } = byHand();
    const active = rp.map((r, i) => r - rb[i]);
    const m = active.reduce((a, b) => a + b, 0) / 4;
    const sd = Math.sqrt(active.reduce((a, b) => a + (b - m) ** 2, 0) / 3);
    const stats = benchmarkStats(EQUITY, BENCH);
    expect(stats.trackingError).toBeCloseTo(sd * Math.sqrt(252), 12); // 0.150335
    expect(stats.informationRatio).toBeCloseTo((m / sd) * Math.sqrt(252), 11); // -4.236098
    expect(stats.benchmarkReturn).toBeCloseTo(52 / 50 - 1, 15);
  });

  it('a portfolio with exactly twice the benchmark returns has beta 2, alpha 0, correlation 1', () => {
    const rb = [0.01, -0.02, 0.03, 0.005];
    const bench = [100];
    const equity = [1000];
    for (const r of rb) {
      bench.push(bench[bench.length - 1] * (1 + r));
      equity.push(equity[equity.length - 1] * (1 + 2 * r));
    }
    const stats = benchmarkStats(Float64Array.from(equity), Float64Array.from(bench));
    expect(stats.beta).toBeCloseTo(2, 12);
    expect(stats.alpha).toBeCloseTo(0, 12);
    expect(stats.correlation).toBeCloseTo(1, 12);
    // active returns are rb itself: TE = stdev(rb) x sqrt(252)
    const m = 0.025 / 4; // (0.01 - 0.02 + 0.03 + 0.005) / 4
    const sd = Math.sqrt(rb.reduce((a, r) => a + (r - m) ** 2, 0) / 3);
    expect(stats.trackingError).toBeCloseTo(sd * Math.sqrt(252), 12);
  });

  it('merges periods around a missing benchmark value on both sides', () => {
    const pairs = alignedReturns(EQUITY, Float64Array.of(50, NaN, 50, 52, 52));
    // bar 0 -> 2 spans two days: rp = 101/100 - 1, rb = 50/50 - 1
    expect(Array.from(pairs.portfolio)).toEqual([101 / 100 - 1, 104 / 101 - 1, 103 / 104 - 1]);
    expect(Array.from(pairs.benchmark)).toEqual([0, 52 / 50 - 1, 0]);
  });

  it('is undefined (NaN) with a flat benchmark or too few pairs', () => {
    const flat = benchmarkStats(EQUITY, Float64Array.of(5, 5, 5, 5, 5));
    expect(flat.beta).toBeNaN();
    expect(flat.alpha).toBeNaN();
    const sparse = benchmarkStats(EQUITY, Float64Array.of(NaN, NaN, 5, NaN, NaN));
    expect(sparse.periods).toBe(0);
    expect(sparse.trackingError).toBeNaN();
    expect(sparse.benchmarkReturn).toBeNaN();
  });
});

describe('seriesTotalReturn', () => {
  it('uses the first and last usable values', () => {
    expect(seriesTotalReturn(Float64Array.of(NaN, 20, 0, 25, NaN))).toBeCloseTo(0.25, 15);
    expect(seriesTotalReturn(Float64Array.of(NaN, 20))).toBeNaN();
  });
});
