import { afterEach, describe, expect, it } from 'vitest';
import { memoryBarSource } from '../../src/paper/bar-source.ts';
import { createPaperPortfolio, placePaperOrder, runPaperDay } from '../../src/paper/service.ts';
import { experimentLines } from '../../src/paper/transfer.ts';
import { NO_RISK_LIMITS } from '../../src/signals/limits.ts';
import type { StoreDialect } from '../../src/store/database.ts';
import { availableDialects } from '../support/db.ts';
import { bars, tempStore, type BarRow } from './helpers.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** Buys 100 shares with a stop at 9 (filled at the 10.00 open of 03-05), then day 3 is `third`. */
async function stopScenario(third: BarRow, dialect: StoreDialect) {
  const { store, dispose } = await tempStore(dialect);
  cleanup = dispose;
  const series = bars('STOP', [
    ['2024-03-04', 10, 10.2, 9.8, 10, 1e6],
    ['2024-03-05', 10, 10.3, 9.7, 10.1, 1e6],
    third,
    ['2024-03-07', 9, 9.2, 8.5, 9, 1e6],
  ]);
  const deps = { store, bars: memoryBarSource([series]) };
  await createPaperPortfolio(deps, {
    name: 'stops',
    cash: 10_000,
    start: '2024-03-04',
    settings: {
      symbols: ['STOP'],
      costs: 'none',
      pipeline: { risk: { ...NO_RISK_LIMITS, requireStop: true } },
    },
  });
  await runPaperDay(deps, 'stops', '2024-03-04');
  const order = await placePaperOrder(deps, 'stops', {
    symbol: 'STOP',
    side: 'buy',
    quantity: 100,
    stop: 9,
  });
  expect(order.status).toBe('accepted');
  const bought = await runPaperDay(deps, 'stops', '2024-03-05');
  expect(bought.tradeLog).toEqual([
    expect.objectContaining({ symbol: 'STOP', sharesBought: 100, buyPrice: 10 }),
  ]);
  const stopped = await runPaperDay(deps, 'stops', third[0]);
  const lines = await experimentLines(deps, 'stops');
  return { stopped, lines };
}

describe.each(availableDialects())('stop-losses in paper trading (%s)', (dialect) => {
  it('a stop reached inside the bar fills at the stop, with the reason in the trade log', async () => {
    const { stopped, lines } = await stopScenario(['2024-03-06', 9.6, 9.7, 8.8, 9.1, 1e6], dialect);
    expect(stopped.positions).toEqual([]);
    const sell = lines.trades.find((t) => t.sharesSold !== null);
    expect(sell).toMatchObject({ symbol: 'STOP', sharesSold: 100, sellPrice: 9, pnl: -100 });
    expect(sell?.reason).toBe('STOP LOSS 9.00 hit: filled at the stop');
  });

  it('a gap below the stop fills at the open, and the trade log says so', async () => {
    const { stopped, lines } = await stopScenario(['2024-03-06', 8.4, 8.6, 8.2, 8.5, 1e6], dialect);
    expect(stopped.positions).toEqual([]);
    const sell = lines.trades.find((t) => t.sharesSold !== null);
    expect(sell).toMatchObject({ symbol: 'STOP', sharesSold: 100, sellPrice: 8.4, pnl: -160 });
    expect(sell?.reason).toBe('STOP LOSS 9.00 gapped: filled at the open 8.40');
  });

  it('a bar that stays above the stop keeps the position and the stop', async () => {
    const { stopped } = await stopScenario(['2024-03-06', 9.6, 9.9, 9.05, 9.5, 1e6], dialect);
    expect(stopped.positions).toEqual([
      expect.objectContaining({ symbol: 'STOP', quantity: 100, stop: 9, close: 9.5 }),
    ]);
  });
});
