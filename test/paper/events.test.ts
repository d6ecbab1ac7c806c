import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus, type AnyBusEvent } from '../../src/infra/event-bus.ts';
import { memoryBarSource } from '../../src/paper/bar-source.ts';
import { createPaperPortfolio, placePaperOrder, runPaperDay } from '../../src/paper/service.ts';
import { NO_RISK_LIMITS } from '../../src/signals/limits.ts';
import { bars, tempStore } from './helpers.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('paper events', () => {
  it('publishes SignalGenerated and TradeExecuted after each commit, nothing on a re-run', async () => {
    const { store, dispose } = await tempStore();
    cleanup = dispose;
    const bus = new InProcessEventBus();
    const seen: AnyBusEvent[] = [];
    bus.subscribeAll((e) => seen.push(e));
    const series = bars('EVT', [
      ['2024-03-04', 10, 10.2, 9.8, 10, 1e6],
      ['2024-03-05', 10.1, 10.4, 9.9, 10.3, 1e6],
    ]);
    const deps = { store, bars: memoryBarSource([series]), events: bus };
    await createPaperPortfolio(deps, {
      name: 'events',
      cash: 1000,
      start: '2024-03-04',
      settings: { symbols: ['EVT'], costs: 'none', pipeline: { risk: NO_RISK_LIMITS } },
    });
    await runPaperDay(deps, 'events', '2024-03-04');
    await placePaperOrder(deps, 'events', { symbol: 'EVT', side: 'buy', quantity: 20 });
    await runPaperDay(deps, 'events', '2024-03-05');
    await runPaperDay(deps, 'events', '2024-03-05');
    expect(seen.map((e) => [e.type, e.payload])).toEqual([
      [
        'SignalGenerated',
        expect.objectContaining({
          symbol: 'EVT',
          strategy: 'manual',
          action: 'buy',
          status: 'accepted',
        }),
      ],
      [
        'TradeExecuted',
        expect.objectContaining({ symbol: 'EVT', side: 'buy', quantity: 20, price: 10.1 }),
      ],
    ]);
    await bus.close();
  });
});
