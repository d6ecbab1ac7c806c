import { describe, expect, it } from 'vitest';
import { PaperEngine } from '../../src/paper/engine.ts';
import { parsePaperSettings } from '../../src/paper/settings.ts';
import { initialState } from '../../src/paper/state-codec.ts';
import { NO_RISK_LIMITS } from '../../src/signals/limits.ts';
import { maCrossoverStrategy } from '../../src/strategies/ma-crossover.ts';
import { registerStrategy } from '../../src/strategies/registry.ts';
import type { Strategy } from '../../src/strategies/types.ts';
import { bars } from './helpers.ts';

// A strategy that wants to go short on its second bar and long on its fourth.
const flipper: Strategy = {
  init() {},
  onBar(ctx) {
    if (ctx.index === 1) return { kind: 'enter', side: 'short', reason: 'flip short' };
    if (ctx.index === 3) return { kind: 'enter', side: 'long', reason: 'flip long' };
    return null;
  },
};
registerStrategy({ ...maCrossoverStrategy, id: 'test-flipper', create: () => flipper });

const SERIES = bars('FLIP', [
  ['2024-03-04', 10, 10.5, 9.5, 10, 1e6],
  ['2024-03-05', 10, 10.5, 9.5, 10, 1e6],
  ['2024-03-06', 10, 10.5, 9.5, 10, 1e6],
  ['2024-03-07', 10, 10.5, 9.5, 10, 1e6],
  ['2024-03-08', 10, 10.5, 9.5, 10, 1e6],
]);

function engine(risk = NO_RISK_LIMITS) {
  return new PaperEngine({
    settings: parsePaperSettings({
      strategy: 'test-flipper',
      symbols: ['FLIP'],
      costs: 'none',
      sizing: 'shares:10',
      pipeline: { risk },
    }),
    initialCash: 1000,
    state: initialState(1000, SERIES.time[0]),
    bars: new Map([['FLIP', SERIES]]),
  });
}

describe('paper engine decisions', () => {
  it('an order the broker refuses becomes a rejection at the execution stage', async () => {
    const days = await engine().advanceTo(SERIES.time[4]);
    const decisions = days.flatMap((d) => d.decisions);
    expect(decisions.map((d) => [d.signal.action, d.status, d.stage])).toEqual([
      ['short', 'rejected', 'execution'],
      ['buy', 'accepted', 'final'],
    ]);
    expect(decisions[0].reason).toContain('short selling is not allowed');
    expect(days[4].positions).toEqual([expect.objectContaining({ symbol: 'FLIP', quantity: 10 })]);
    expect(days[4].tradeLog).toEqual([
      expect.objectContaining({ sharesBought: 10, buyPrice: 10, reason: 'flip long' }),
    ]);
  });

  it('a rejected entry never reaches the broker: no fill follows', async () => {
    const days = await engine({ ...NO_RISK_LIMITS, requireStop: true }).advanceTo(SERIES.time[4]);
    const buy = days.flatMap((d) => d.decisions).find((d) => d.signal.action === 'buy');
    expect(buy).toMatchObject({ status: 'rejected', stage: 'risk', rule: 'mandatory-stop' });
    expect(days.flatMap((d) => d.fills)).toEqual([]);
  });

  it('processes each new bar once: a second advance to the same day does nothing', async () => {
    const e = engine();
    expect(await e.advanceTo(SERIES.time[2])).toHaveLength(3);
    expect(await e.advanceTo(SERIES.time[2])).toEqual([]);
    expect((await e.advanceTo(SERIES.time[4])).map((d) => d.time)).toEqual([
      SERIES.time[3],
      SERIES.time[4],
    ]);
  });
});
