import { describe, expect, it } from 'vitest';
import { atr } from '../indicators/atr.ts';
import { breakoutStrategy } from './breakout.ts';
import { parseParamValues } from './params.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, intentAt, summarize, type BarSpec } from './testing/fixtures.ts';

// ATR(2) is 1 on the quiet bars. Bar 5 breaks the 3-bar high on a narrow bar (range 0.5);
// bar 6 breaks again on a wide bar (range 1.4, ATR before it 0.95); bar 8 falls below the 2-bar low.
const specs: (BarSpec | number)[] = [
  10,
  10,
  10,
  10,
  10,
  { c: 10.8, h: 10.9, l: 10.4 },
  { c: 11.5, h: 12, l: 10.6 },
  12,
  10,
];
const bars = dailyBars(specs);

function run(raw: Record<string, string | number>) {
  const base = { period: 3, atrPeriod: 2, exitPeriod: 2 };
  const strategy = breakoutStrategy.create(parseParamValues(breakoutStrategy, { ...base, ...raw }));
  return replayStrategy(strategy, bars);
}

describe('breakout', () => {
  it('range filter: ignores the narrow break, takes the wide one, with an ATR stop', () => {
    const result = run({});
    expect(summarize(result)).toEqual(['6:enter:long', '8:exit']);
    const stop = 11.5 - 2 * atr(bars.high, bars.low, bars.close, 2)[6];
    expect(intentAt(result, 6, 'enter').stopLoss).toBeCloseTo(stop, 12);
  });

  it('distance filter: the close must clear the level by k x ATR', () => {
    // Distances: bar 5 0.3 (ATR 1), bar 6 0.6 (ATR 0.95).
    expect(summarize(run({ filter: 'distance' }))).toEqual([]);
    expect(summarize(run({ filter: 'distance', atrMultiple: 0.5 }))).toEqual([
      '6:enter:long',
      '8:exit',
    ]);
  });

  it('k = 0 takes the first break', () => {
    expect(summarize(run({ atrMultiple: 0 }))[0]).toBe('5:enter:long');
  });
});
