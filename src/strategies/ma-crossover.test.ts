import { describe, expect, it } from 'vitest';
import { maCrossoverStrategy } from './ma-crossover.ts';
import { parseParamValues } from './params.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, summarize } from './testing/fixtures.ts';

// Flat at 10, a jump to 12 on bar 6, a drop to 8 on bar 10.
const closes = [10, 10, 10, 10, 10, 10, 12, 12, 12, 12, 8, 8, 8, 8];

function run(raw: Record<string, string>, allowShort = false) {
  const strategy = maCrossoverStrategy.create(parseParamValues(maCrossoverStrategy, raw));
  return replayStrategy(strategy, dailyBars(closes), { allowShort });
}

describe('ma-crossover', () => {
  it('enters on the bar the fast SMA crosses above the slow one and exits on the cross below', () => {
    // Bar 6: SMA2 = 11 > SMA4 = 10.5 (bar 5: both 10). Bar 10: SMA2 = 10 < SMA4 = 11.
    expect(summarize(run({ fast: '2', slow: '4' }))).toEqual(['6:enter:long', '10:exit']);
  });

  it('reverses into a short on the cross below when shorts are allowed', () => {
    expect(summarize(run({ fast: '2', slow: '4' }, true))).toEqual([
      '6:enter:long',
      '10:enter:short',
    ]);
  });

  it('uses EMAs when type=ema (crosses where the EMA lines do)', () => {
    // Bar 6: EMA2 = 11.33 > EMA3 = 11; bar 10: EMA2 = 9.33 < EMA3 = 9.94 (both seeded at 10).
    const result = run({ type: 'ema', fast: '2', slow: '3' });
    expect(summarize(result)).toEqual(['6:enter:long', '10:exit']);
    expect(result.intents[6][0].reason).toContain('EMA(2/3)');
  });

  it('says nothing during the warm-up of the slow average', () => {
    const result = run({ fast: '2', slow: '8' });
    // SMA8 first exists on bar 7, after the jump on bar 6: a cross needs both bars defined.
    expect(summarize(result)).toEqual([]);
  });
});
