import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../src/jobs/in-process-queue.ts';
import { waitForJob } from '../../src/jobs/wait.ts';
import { createPaperRunJobHandler } from '../../src/paper/job.ts';
import { createPaperPortfolio } from '../../src/paper/service.ts';
import { memoryBarSource } from '../../src/paper/bar-source.ts';
import { MarketDataRepository } from '../../src/store/repositories/market-data-repository.ts';
import { bars, tempStore } from './helpers.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('paper-run job', () => {
  it('runs the daily routine on the queue; a second job for the date does nothing', async () => {
    const { store, database, dispose } = await tempStore();
    const series = bars('JOB', [
      ['2024-03-04', 10, 10.2, 9.8, 10, 1e6],
      ['2024-03-05', 10.1, 10.4, 9.9, 10.3, 1e6],
    ]);
    await new MarketDataRepository(store).upsertBars('JOB', series, 'test');
    await createPaperPortfolio(
      { store, bars: memoryBarSource([series]) },
      { name: 'queued', cash: 1000, start: '2024-03-04', settings: { symbols: ['JOB'] } },
    );
    await store.close();
    const queue = createInProcessQueue({
      handlers: { 'paper-run': createPaperRunJobHandler({ databaseUrl: database.url }) },
    });
    cleanup = async () => {
      await queue.close();
      await dispose();
    };
    const first = await queue.submit('paper-run', { portfolio: 'queued', date: '2024-03-05' });
    const done = await waitForJob(queue, first.id);
    expect(done.status).toBe('completed');
    expect(done.result).toMatchObject({
      status: 'completed',
      days: [{ date: '2024-03-04' }, { date: '2024-03-05' }],
    });
    const again = await waitForJob(
      queue,
      (await queue.submit('paper-run', { portfolio: 'queued', date: '2024-03-05' })).id,
    );
    expect(again.result).toMatchObject({ status: 'already-done', days: [] });
    const bad = await waitForJob(
      queue,
      (await queue.submit('paper-run', { date: 'x' }, { attempts: 1 })).id,
    );
    expect(bad.status).toBe('failed');
    expect(bad.error).toContain('paper-run.portfolio');
  });
});
