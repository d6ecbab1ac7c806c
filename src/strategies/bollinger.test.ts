import { describe, expect, it } from 'vitest';
import { bollingerStrategy } from './bollinger.ts';
import { parseParamValues } from './params.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, summarize } from './testing/fixtures.ts';

function run(closes: number[], raw: Record<string, string | number>, allowShort = false) {
  const strategy = bollingerStrategy.create(parseParamValues(bollingerStrategy, raw));
  return replayStrategy(strategy, dailyBars(closes), { allowShort });
}

// A quiet market (10 / 10.2 alternating: sd 0.1, bands 9.9..10.3 with k = 2), then one shock.
const quiet = [10, 10.2, 10, 10.2, 10, 10.2];

describe('bollinger', () => {
  it('mean-reversion: buys a close below the lower band and exits back at the middle', () => {
    // BB(5, 1.5) on bar 6: middle 9.48, lower 7.615 > close 7. Bar 7 (7.5) stays under the
    // middle 8.98; bar 8 (10.5) is above the middle 9.04.
    const closes = [...quiet, 7, 7.5, 10.5, 10.5];
    const result = run(closes, { period: 5, k: 1.5 });
    expect(summarize(result)).toEqual(['6:enter:long', '8:exit']);
  });

  it('breakout: buys the close crossing above the upper band, exits below the middle', () => {
    const closes = [...quiet, 13, 13.5, 11, 9, 9];
    const result = run(closes, { mode: 'breakout', period: 5, k: 1.5 });
    // Bar 6: 13 > upper 12.425 (bar 5: 10.2 <= 10.267). Bar 8: 11 < middle 11.54.
    expect(summarize(result)).toEqual(['6:enter:long', '8:exit']);
  });

  it('mean-reversion shorts a close above the upper band only when allowed', () => {
    // Bar 6: 13 > upper 12.425; bar 8: 9.5 <= middle 11.04.
    const closes = [...quiet, 13, 12.5, 9.5, 9.5];
    expect(summarize(run(closes, { period: 5, k: 1.5 }))).toEqual([]);
    expect(summarize(run(closes, { period: 5, k: 1.5 }, true))).toEqual([
      '6:enter:short',
      '8:exit',
    ]);
  });
});
