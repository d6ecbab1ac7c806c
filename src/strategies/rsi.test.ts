import { describe, expect, it } from 'vitest';
import { parseParamValues } from './params.ts';
import { rsiStrategy } from './rsi.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, summarize } from './testing/fixtures.ts';

// Wilder RSI(2): bars 2-4 = 0 (only losses), bar 5 = 50, bar 6 = 75, bar 7 = 87.5, bar 8 = 43.75.
const closes = [10, 9, 8, 7, 6, 7, 8, 9, 8];

function run(raw: Record<string, string | number>, allowShort = false) {
  const strategy = rsiStrategy.create(parseParamValues(rsiStrategy, raw));
  return replayStrategy(strategy, dailyBars(closes), { allowShort });
}

describe('rsi', () => {
  it('buys the cross back above oversold and sells the first close above overbought', () => {
    expect(summarize(run({ period: 2 }))).toEqual(['5:enter:long', '6:exit']);
  });

  it('shorts the cross back below overbought only when shorts are allowed', () => {
    expect(summarize(run({ period: 2 }, true))).toEqual([
      '5:enter:long',
      '6:exit',
      '8:enter:short',
    ]);
  });

  it('respects the thresholds: oversold 55 delays the entry to the bar RSI passes 55', () => {
    // RSI goes 0 -> 50 (bar 5, still below 55) -> 75 (bar 6, crosses 55), exits at 87.5 > 80.
    expect(summarize(run({ period: 2, oversold: 55, overbought: 80 }))).toEqual([
      '6:enter:long',
      '7:exit',
    ]);
  });
});
