import { describe, expect, it } from 'vitest';
import { parseParamValues } from './params.ts';
import { supportResistanceStrategy } from './support-resistance.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, intentAt, summarize, type BarSpec } from './testing/fixtures.ts';

// With left = right = 1: swing low 8.5 on bar 1 (known on bar 2), swing high 11.5 on bar 3
// (known on bar 4). Bar 5 is the bar under test.
function series(bar5: BarSpec): BarSpec[] {
  return [{ c: 10 }, { c: 9 }, { c: 10 }, { c: 11 }, { c: 10 }, bar5, { c: 10 }];
}

function run(bar5: BarSpec, raw: Record<string, string | number | boolean> = {}) {
  const definition = supportResistanceStrategy;
  const params = parseParamValues(definition, { left: 1, right: 1, ...raw });
  return replayStrategy(definition.create(params), dailyBars(series(bar5)));
}

describe('support-resistance', () => {
  it('buys a bounce whose low comes within the tolerance of support, stop below, target resistance', () => {
    const result = run({ c: 9.5, l: 8.55 });
    expect(summarize(result)).toEqual(['5:enter:long']);
    const entry = intentAt(result, 5, 'enter');
    expect(entry.stopLoss).toBeCloseTo(8.5 * 0.99, 12);
    expect(entry.takeProfit).toBe(11.5);
  });

  it('ignores a low that stays outside the tolerance', () => {
    // 8.6 is 1.18 % above 8.5.
    expect(summarize(run({ c: 9.5, l: 8.6 }))).toEqual([]);
    expect(summarize(run({ c: 9.5, l: 8.6 }, { tolerancePct: 1.5 }))).toEqual(['5:enter:long']);
  });

  it('does not buy when the close stays below support', () => {
    expect(summarize(run({ c: 8.4, l: 8.0, h: 8.9 }))).toEqual([]);
  });

  it('buys a close through resistance (unless entries=bounce)', () => {
    const result = run({ c: 12, h: 12.5 });
    expect(summarize(result)).toEqual(['5:enter:long']);
    expect(intentAt(result, 5, 'enter').reason).toContain('resistance');
    // (Bar 4 becomes a swing low of 9.5 once bar 5 prints, so bar 6 may bounce: look at bar 5.)
    const onBar5 = (list: string[]) => list.filter((s) => s.startsWith('5:'));
    expect(onBar5(summarize(run({ c: 12, h: 12.5 }, { entries: 'bounce' })))).toEqual([]);
    expect(onBar5(summarize(run({ c: 9.5, l: 8.55 }, { entries: 'breakout' })))).toEqual([]);
  });
});
