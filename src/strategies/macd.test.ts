import { describe, expect, it } from 'vitest';
import { macd } from '../indicators/macd.ts';
import { macdStrategy } from './macd.ts';
import { parseParamValues } from './params.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, summarize } from './testing/fixtures.ts';

// A rising wave: swings give crossovers, the trend pushes MACD above zero later on.
const closes = Array.from({ length: 160 }, (_, i) => 50 + 5 * Math.sin(i / 6) + i * 0.05);
const bars = dailyBars(closes);

/** The rule restated independently: histogram sign changes, entries filtered, long only. */
function expected(zeroLine: boolean, thresholdPct: number): string[] {
  const { macd: line, histogram } = macd(bars.close, 12, 26, 9);
  const out: string[] = [];
  let long = false;
  for (let i = 1; i < closes.length; i++) {
    const t0 = (thresholdPct / 100) * closes[i - 1];
    const t1 = (thresholdPct / 100) * closes[i];
    const up = histogram[i - 1] <= t0 && histogram[i] > t1 && (!zeroLine || line[i] > 0);
    const down = histogram[i - 1] >= 0 && histogram[i] < 0;
    if (!long && up) {
      out.push(`${i}:enter:long`);
      long = true;
    } else if (long && down) {
      out.push(`${i}:exit`);
      long = false;
    }
  }
  return out;
}

function run(raw: Record<string, string | number | boolean>) {
  return summarize(replayStrategy(macdStrategy.create(parseParamValues(macdStrategy, raw)), bars));
}

describe('macd', () => {
  it('enters on the MACD-over-signal crossover and exits on the cross back', () => {
    const want = expected(false, 0);
    expect(want.length).toBeGreaterThanOrEqual(4);
    expect(run({})).toEqual(want);
  });

  it('zeroLine keeps only the crossovers above zero', () => {
    const want = expected(true, 0);
    expect(want.length).toBeLessThan(expected(false, 0).length);
    expect(run({ zeroLine: true })).toEqual(want);
  });

  it('minHistogramPct waits for a histogram of that size', () => {
    const want = expected(false, 0.2);
    expect(want).not.toEqual(expected(false, 0));
    expect(run({ minHistogramPct: 0.2 })).toEqual(want);
  });
});
