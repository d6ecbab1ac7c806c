import { describe, expect, it } from 'vitest';
import type { TrialOutcome } from './evaluate.ts';
import { overfittingStats, pboSummary, stability } from './overfitting.ts';
import type { ParamAxis } from './space.ts';

function outcome(
  index: number,
  params: Record<string, number>,
  objective: number | null,
  blockReturns: number[] = [],
  periodSharpe: number | null = null,
): TrialOutcome {
  const metrics = {
    sharpe: objective,
    sortino: null,
    calmar: null,
    return: null,
    cagr: null,
    maxDrawdown: null,
    volatility: null,
    trades: null,
    winRate: null,
    exposure: null,
  };
  return { index, params, objective, metrics, periodSharpe, blockReturns };
}

describe('PBO over the trials block returns (hand-computed)', () => {
  it('is 1 when each half picks the trial that is worst on the other half', () => {
    // Blocks {0,1} and {2,3}. Sharpe of A: 1.414 then -0.707; of B: -0.707 then 2.121.
    // In-sample block 0 picks A, which is worst on block 1; in-sample block 1 picks B, worst
    // on block 0. Both logits are ln((1/3)/(2/3)) = ln(1/2) < 0, so PBO = 2/2.
    const a = outcome(0, { x: 1 }, 0, [0.01, 0.03, -0.02, 0]);
    const b = outcome(1, { x: 2 }, 0, [-0.01, 0, 0.02, 0.04]);
    const pbo = pboSummary([a, b], 5);
    expect(pbo).toMatchObject({
      pbo: 1,
      partitions: 2,
      combinations: 2,
      periods: 4,
      periodBars: 5,
    });
    expect(pbo?.medianLogit).toBeCloseTo(Math.log(0.5), 12);
  });

  it('is 0 when the in-sample winner also wins out of sample', () => {
    const a = outcome(0, { x: 1 }, 0, [0.01, 0.03, 0.02, 0.04]);
    const b = outcome(1, { x: 2 }, 0, [-0.01, 0, -0.02, 0.01]);
    const pbo = pboSummary([a, b], 1);
    expect(pbo?.pbo).toBe(0);
    expect(pbo?.medianLogit).toBeCloseTo(Math.log(2), 12);
  });

  it('is absent with one trial or too few periods', () => {
    expect(pboSummary([outcome(0, {}, 1, [0.1, 0.2, 0.3, 0.4])], 1)).toBeNull();
    expect(pboSummary([outcome(0, {}, 1, [0.1]), outcome(1, {}, 1, [0.2])], 1)).toBeNull();
  });
});

describe('deflated Sharpe of the best trial (hand-computed)', () => {
  it('matches the Bailey and Lopez de Prado formula on a 4-return example', () => {
    // Best returns 1%, -1%, 2%, 0%: SR = 0.005 / 0.0129099 = 0.387298 per period, skew 0,
    // kurtosis 1.64. Two trials with per-period Sharpes 0.3 and 0.5: V = 0.02, so
    // SR* = sqrt(0.02) x (0.5772 x Phi^-1(1 - 1/(2e))) = 0.0735045.
    // DSR = Phi((0.387298 - 0.0735045) x sqrt(3) / sqrt(1 + 0.16 x 0.15)) = 0.704401.
    const best = outcome(0, { x: 1 }, 2, [0.01, 0.01, 0.01, 0.01], 0.5);
    const other = outcome(1, { x: 2 }, 1, [0.0, 0.01, -0.01, 0.0], 0.3);
    const stats = overfittingStats(
      [best, other],
      best,
      Float64Array.from([0.01, -0.01, 0.02, 0]),
      [{ name: 'x', values: [1, 2] }],
      1,
    );
    expect(stats.trials).toBe(2);
    expect(stats.trialSharpeVariance).toBeCloseTo(0.02 * 252, 10);
    expect(stats.expectedMaxSharpe).toBeCloseTo(0.0735045057 * Math.sqrt(252), 6);
    expect(stats.bestSharpe).toBeCloseTo(0.3872983346 * Math.sqrt(252), 8);
    expect(stats.deflatedSharpe).toBeCloseTo(0.7044006848, 6);
    expect(stats.probabilisticSharpe).toBeCloseTo(0.7463067366, 6);
  });
});

describe('parameter stability around the best point', () => {
  const axes: ParamAxis[] = [
    { name: 'a', values: [1, 2, 3] },
    { name: 'b', values: [10, 20, 30] },
  ];
  // objective = a * b / 10, except a sharp peak at (2, 20).
  const outcomes: TrialOutcome[] = [];
  for (const a of [1, 2, 3]) {
    for (const b of [10, 20, 30]) {
      const value = a === 2 && b === 20 ? 100 : (a * b) / 10;
      outcomes.push(outcome(outcomes.length, { a, b }, value));
    }
  }

  it('averages the 8 neighbours and profiles each axis through the best point', () => {
    const best = outcomes.find((o) => o.objective === 100) as TrialOutcome;
    const s = stability(outcomes, best, axes);
    // Neighbours: every other point (3x3 grid around the centre).
    const others = [1, 2, 3, 2, 6, 3, 6, 9];
    expect(s.neighbours).toBe(8);
    expect(s.neighbourMean).toBeCloseTo(others.reduce((x, y) => x + y) / 8, 12);
    expect(s.neighbourMin).toBe(1);
    expect(s.neighbourMax).toBe(9);
    expect(s.ratio).toBeCloseTo(4 / 100, 12);
    expect(s.profiles).toEqual([
      { name: 'a', values: [1, 2, 3], objectives: [2, 100, 6] },
      { name: 'b', values: [10, 20, 30], objectives: [2, 100, 6] },
    ]);
  });

  it('counts only neighbours that exist (edges, constraints)', () => {
    const corner = outcomes[0];
    const missing = outcomes.filter((o) => !(o.params.a === 2 && o.params.b === 10));
    const s = stability(missing, corner, axes);
    expect(s.neighbours).toBe(2);
  });
});
