import { describe, expect, it } from 'vitest';
import { fourWeekRuleStrategy } from './four-week-rule.ts';
import { parseParamValues } from './params.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, summarize } from './testing/fixtures.ts';

// High = close + 0.5, low = close - 0.5.
const closes = [10, 10, 10, 10, 10.6, 11, 11, 10.4, 9.5, 9.5];

function run(allowShort = false, raw: Record<string, number> = { entryPeriod: 3, exitPeriod: 2 }) {
  const strategy = fourWeekRuleStrategy.create(parseParamValues(fourWeekRuleStrategy, raw));
  return replayStrategy(strategy, dailyBars(closes), { allowShort });
}

describe('four-week-rule', () => {
  it('enters on a close above the prior N-bar high and exits below the prior M-bar low', () => {
    // Bar 4: 10.6 > 10.5 (highs of bars 1-3). Bar 7: 10.4 < 10.5 (lows of bars 5-6).
    expect(summarize(run())).toEqual(['4:enter:long', '7:exit']);
  });

  it('goes short below the prior N-bar low when shorts are allowed', () => {
    // Bar 8: 9.5 < 9.9 (lows of bars 5-7).
    expect(summarize(run(true))).toEqual(['4:enter:long', '7:exit', '8:enter:short']);
  });

  it('does not count the breakout bar in its own channel', () => {
    // With a 20-bar default channel nothing is defined on 10 bars: no signal at all.
    expect(summarize(run(false, {}))).toEqual([]);
  });
});
