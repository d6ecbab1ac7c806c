import { describe, expect, it } from 'vitest';
import { atr } from '../indicators/atr.ts';
import { parseParamValues } from './params.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, intentAt, summarize } from './testing/fixtures.ts';
import { volumeBreakoutStrategy } from './volume-breakout.ts';

// Bar 5 breaks the 3-bar high on 1.5x volume; bar 6 breaks 11.2 on 300 vs an average of 116.7.
const bars = dailyBars([
  { c: 10, v: 100 },
  { c: 10, v: 100 },
  { c: 10, v: 100 },
  { c: 10, v: 100 },
  { c: 10, v: 100 },
  { c: 10.7, v: 150 },
  { c: 11.5, v: 300 },
  { c: 12, v: 100 },
  { c: 10.5, v: 100 },
]);

function run(raw: Record<string, string | number>) {
  const base = { period: 3, volumePeriod: 3, exitPeriod: 2 };
  const definition = volumeBreakoutStrategy;
  return replayStrategy(definition.create(parseParamValues(definition, { ...base, ...raw })), bars);
}

describe('volume-breakout', () => {
  it('needs volume above k x the prior average; percent stop', () => {
    const result = run({ stopType: 'percent', stopPct: 20 });
    expect(summarize(result)).toEqual(['6:enter:long', '8:exit']);
    expect(intentAt(result, 6, 'enter').stopLoss).toBeCloseTo(11.5 * 0.8, 12);
  });

  it('a lower volume multiple accepts the earlier break; ATR stop', () => {
    const result = run({ volumeMultiple: 1.4, atrPeriod: 2 });
    expect(summarize(result)[0]).toBe('5:enter:long');
    const n = atr(bars.high, bars.low, bars.close, 2)[5];
    expect(intentAt(result, 5, 'enter').stopLoss).toBeCloseTo(10.7 - 2 * n, 12);
  });

  it('takes no entry while the ATR for its stop is warming up', () => {
    expect(summarize(run({ volumeMultiple: 1.4 }))).toEqual([]);
  });
});
