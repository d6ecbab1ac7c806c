import { describe, expect, it } from 'vitest';
import { drawdownEpisodes, drawdownSeries, drawdownStats } from './drawdown.ts';

const DAY = 86_400_000;
// peaks:      100, 120, 120, 120, 130, 130, 130
// drawdowns:    0,   0, 0.25, 0.1,  0,  0.1, 1 - 125/130
const EQUITY = Float64Array.of(100, 120, 90, 108, 130, 117, 125);
// Days 0, 1, 2, 3, then a gap (a long weekend) to 6, 7, 8.
const TIMES = Float64Array.from([0, 1, 2, 3, 6, 7, 8], (d) => Date.UTC(2024, 0, 1) + d * DAY);

describe('drawdownSeries', () => {
  it('is 1 - equity / running peak, as positive fractions', () => {
    const dd = drawdownSeries(EQUITY);
    const expected = [0, 0, 0.25, 0.1, 0, 0.1, 1 - 125 / 130];
    expected.forEach((value, i) => expect(dd[i]).toBeCloseTo(value, 14));
  });
});

describe('drawdownEpisodes', () => {
  it('runs from the peak to the recovery bar, or to the end when unrecovered', () => {
    const episodes = drawdownEpisodes(EQUITY);
    expect(episodes).toHaveLength(2);
    expect(episodes[0]).toMatchObject({
      peakIndex: 1,
      troughIndex: 2,
      endIndex: 4,
      recovered: true,
    });
    expect(episodes[0].depth).toBeCloseTo(0.25, 14);
    expect(episodes[1]).toMatchObject({
      peakIndex: 4,
      troughIndex: 5,
      endIndex: 6,
      recovered: false,
    });
    expect(episodes[1].depth).toBeCloseTo(0.1, 14);
  });

  it('counts returning exactly to the peak as a recovery', () => {
    expect(drawdownEpisodes(Float64Array.of(10, 9, 10, 9.5))).toMatchObject([
      { peakIndex: 0, endIndex: 2, recovered: true },
      { peakIndex: 2, endIndex: 3, recovered: false },
    ]);
  });
});

describe('drawdownStats', () => {
  it('gives max and average depth and duration in bars and calendar days', () => {
    const stats = drawdownStats(TIMES, EQUITY);
    expect(stats.maxDrawdown).toBeCloseTo(0.25, 14);
    // episode 1: bars 1 -> 4 = 3 bars, days 1 -> 6 = 5 days; episode 2: bars 4 -> 6 = 2, days 6 -> 8 = 2
    expect(stats.maxDrawdownDuration).toBe(3);
    expect(stats.maxDrawdownDurationDays).toBe(5);
    expect(stats.avgDrawdown).toBeCloseTo((0.25 + 0.1) / 2, 14);
    expect(stats.avgDrawdownDuration).toBe(2.5);
    expect(stats.drawdownEpisodes).toBe(2);
  });

  it('is all zero for flat, rising and single-bar curves', () => {
    for (const equity of [
      Float64Array.of(100, 100, 100),
      Float64Array.of(1, 2, 3),
      Float64Array.of(7),
    ]) {
      const stats = drawdownStats(TIMES.subarray(0, equity.length), equity);
      expect(stats).toEqual({
        maxDrawdown: 0,
        maxDrawdownDuration: 0,
        maxDrawdownDurationDays: 0,
        avgDrawdown: 0,
        avgDrawdownDuration: 0,
        drawdownEpisodes: 0,
      });
    }
  });

  it('reports a total loss as a drawdown of 1', () => {
    expect(drawdownStats(TIMES.subarray(0, 3), Float64Array.of(100, 50, 0)).maxDrawdown).toBe(1);
  });
});
