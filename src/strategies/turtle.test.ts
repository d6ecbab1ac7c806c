import { describe, expect, it } from 'vitest';
import { atr } from '../indicators/atr.ts';
import { parseParamValues } from './params.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, intentAt, summarize, type BarSpec } from './testing/fixtures.ts';
import { turtleStrategy } from './turtle.ts';

const SMALL = { entryPeriod: 3, exitPeriod: 2, atrPeriod: 2 };

function run(specs: (BarSpec | number)[], raw: Record<string, string | number | boolean>) {
  const bars = dailyBars(specs);
  const strategy = turtleStrategy.create(parseParamValues(turtleStrategy, { ...SMALL, ...raw }));
  return { bars, result: replayStrategy(strategy, bars, { initialCash: 100_000 }) };
}

// Breakout on bar 5, first fill at 11.2 on bar 6, add signal on bar 7, add fills at 12.1, exit 9.
const pyramid: (BarSpec | number)[] = [
  10,
  10,
  10,
  10,
  10,
  11,
  { o: 11.2, c: 11.2 },
  12,
  { o: 12.1, c: 12.1 },
  10.9,
];

describe('turtle', () => {
  it('sizes units by N, moves the 2N stop to each fill and adds every 1/2 N', () => {
    const { bars, result } = run(pyramid, {});
    expect(summarize(result)).toEqual([
      '5:enter:long',
      '6:stop',
      '7:enter:long',
      '8:stop',
      '9:exit',
    ]);
    const n = atr(bars.high, bars.low, bars.close, 2)[5];
    const entry = intentAt(result, 5, 'enter');
    expect(entry.quantity).toBe(Math.floor((0.01 * 100_000) / n));
    expect(entry.stopLoss).toBeCloseTo(11 - 2 * n, 12);
    // The stop follows the actual fill price of the latest unit.
    expect(intentAt(result, 6, 'stop').price).toBeCloseTo(11.2 - 2 * n, 12);
    expect(intentAt(result, 8, 'stop').price).toBeCloseTo(12.1 - 2 * n, 12);
    // The add is sized from equity at bar 7's close with N of the first entry.
    const equity = 100_000 + (entry.quantity ?? 0) * (12 - 11.2);
    expect(intentAt(result, 7, 'enter').quantity).toBe(Math.floor((0.01 * equity) / n));
  });

  it('stops adding at maxUnits', () => {
    const { result } = run(pyramid, { maxUnits: 1 });
    expect(summarize(result)).toEqual(['5:enter:long', '6:stop', '9:exit']);
  });

  it('riskPercent scales the unit', () => {
    const base = intentAt(run(pyramid, {}).result, 5, 'enter').quantity ?? 0;
    const double = intentAt(run(pyramid, { riskPercent: 2 }).result, 5, 'enter').quantity ?? 0;
    expect(Math.abs(double - 2 * base)).toBeLessThanOrEqual(1);
  });

  it('System 1 skips the breakout after a (hypothetical) winner, not after a loser', () => {
    const specs: (BarSpec | number)[] = [
      10,
      10,
      10,
      10,
      10,
      11, // bar 5: breakout 1
      12,
      13,
      11.4, // bar 8: exit below the 2-bar low, above the entry: a winner
      11.4,
      11.4,
      11.4,
      12.5, // bar 12: breakout 2, skipped under the rule
      { c: 11.5, l: 9.5 }, // bar 13: breakout 2's 2N stop is hit: a loser
      11.5,
      11.5,
      13, // bar 16: breakout 3, taken
    ];
    const firstUnits = (raw: Record<string, boolean>) =>
      run(specs, raw).result.intents.flatMap((list, i) =>
        list.filter((x) => x.kind === 'enter' && !x.reason.startsWith('add')).map(() => i),
      );
    expect(firstUnits({})).toEqual([5, 12, 16]);
    expect(firstUnits({ skipAfterWinner: true })).toEqual([5, 16]);
  });

  it('reads the system periods: System 2 needs 55 bars of history', () => {
    const { result } = run(pyramid, { system: '2', entryPeriod: 0, exitPeriod: 0 });
    expect(summarize(result)).toEqual([]);
  });
});
