import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { openDatabase } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { createInProcessQueue } from './in-process-queue.ts';
import { storeJobPersistence } from './persistence.ts';
import type { JobEvent, JobHandler } from './types.ts';
import { waitForJob } from './wait.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the signal aborts; a handler that only stops when told to. */
const untilAborted: JobHandler = (_payload, { signal }) =>
  new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(new Error('stopped')));
  });

describe('in-process job queue', () => {
  it('runs a job, reports progress events in order and keeps the result', async () => {
    const queue = createInProcessQueue({
      handlers: {
        backtest: async (payload, ctx) => {
          ctx.reportProgress(0.25, 'loading');
          ctx.reportProgress(0.75, 'running');
          return { doubled: (payload as { n: number }).n * 2 };
        },
      },
    });
    const events: Array<[JobEvent['type'], number]> = [];
    queue.onEvent((e) => events.push([e.type, e.job.progress]));
    const job = await queue.submit('backtest', { n: 21 }, { userId: 'u1' });
    expect(job.status).toBe('queued');
    const done = await waitForJob(queue, job.id);
    expect(done.status).toBe('completed');
    expect(done.result).toEqual({ doubled: 42 });
    expect(done.userId).toBe('u1');
    expect(done.attempts).toBe(1);
    expect(done.startedAt).not.toBeNull();
    expect(events).toEqual([
      ['queued', 0],
      ['progress', 0],
      ['progress', 0.25],
      ['progress', 0.75],
      ['completed', 1],
    ]);
    await queue.close();
  });

  it('cancels a running job through its AbortSignal and a queued one before it starts', async () => {
    let sawAbort = false;
    const queue = createInProcessQueue({
      handlers: {
        backtest: async (p, ctx) => {
          ctx.signal.addEventListener('abort', () => (sawAbort = true));
          return untilAborted(p, ctx);
        },
      },
      concurrency: 1,
    });
    const first = await queue.submit('backtest', null);
    const second = await queue.submit('backtest', null);
    await sleep(10);
    expect((await queue.get(first.id))?.status).toBe('running');
    expect(await queue.cancel(second.id)).toBe(true);
    expect(await queue.cancel(first.id)).toBe(true);
    expect(sawAbort).toBe(true);
    expect((await queue.get(first.id))?.status).toBe('cancelled');
    expect((await queue.get(second.id))?.attempts).toBe(0);
    expect(await queue.cancel(first.id)).toBe(false);
    expect(await queue.cancel('no-such-job')).toBe(false);
    await queue.whenIdle();
    await queue.close();
  });

  it('retries with exponential backoff and fails after the last attempt', async () => {
    const startTimes: number[] = [];
    const queue = createInProcessQueue({
      handlers: {
        'data-fetch': async () => {
          startTimes.push(Date.now());
          throw new Error(`boom ${startTimes.length}`);
        },
      },
      retryBaseMs: 40,
    });
    const job = await queue.submit('data-fetch', {}, { attempts: 3 });
    const done = await waitForJob(queue, job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toBe('boom 3');
    expect(done.attempts).toBe(3);
    expect(startTimes).toHaveLength(3);
    // Waits of 40 ms then 80 ms (timers may fire a little late, never early).
    expect(startTimes[1] - startTimes[0]).toBeGreaterThanOrEqual(38);
    expect(startTimes[2] - startTimes[1]).toBeGreaterThanOrEqual(78);
    expect((await queue.list({ status: 'failed' })).map((r) => r.id)).toEqual([job.id]);
    await queue.close();
  });

  it('succeeds on a retry after a transient failure', async () => {
    let calls = 0;
    const queue = createInProcessQueue({
      handlers: {
        backtest: async () => {
          calls++;
          if (calls === 1) throw new Error('transient');
          return 'ok';
        },
      },
      retryBaseMs: 5,
    });
    const job = await queue.submit('backtest', null, { attempts: 2 });
    const done = await waitForJob(queue, job.id);
    expect(done).toMatchObject({ status: 'completed', result: 'ok', attempts: 2, error: null });
    await queue.close();
  });

  it('times out a job, aborts its signal and records the reason', async () => {
    let aborted = false;
    const queue = createInProcessQueue({
      handlers: {
        backtest: (p, ctx) => {
          ctx.signal.addEventListener('abort', () => (aborted = true));
          return untilAborted(p, ctx);
        },
      },
    });
    const job = await queue.submit('backtest', null, { timeoutMs: 30 });
    const done = await waitForJob(queue, job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toBe('timed out after 30 ms');
    expect(aborted).toBe(true);
    await queue.close();
  });

  it('returns the same job for the same idempotency key and runs it once', async () => {
    let runs = 0;
    const queue = createInProcessQueue({
      handlers: {
        optimisation: async () => {
          runs++;
          return runs;
        },
      },
    });
    const a = await queue.submit('optimisation', { x: 1 }, { idempotencyKey: 'sweep-1' });
    const b = await queue.submit('optimisation', { x: 1 }, { idempotencyKey: 'sweep-1' });
    const c = await queue.submit('optimisation', { x: 1 }, { idempotencyKey: 'sweep-2' });
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    await queue.whenIdle();
    expect(runs).toBe(2);
    const again = await queue.submit('optimisation', { x: 1 }, { idempotencyKey: 'sweep-1' });
    expect(again).toMatchObject({ id: a.id, status: 'completed' });
    await queue.close();
  });

  it('honours the concurrency limit', async () => {
    let active = 0;
    let peak = 0;
    const queue = createInProcessQueue({
      handlers: {
        backtest: async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(5);
          active--;
        },
      },
      concurrency: 3,
    });
    for (let i = 0; i < 10; i++) await queue.submit('backtest', i);
    await queue.whenIdle();
    expect(peak).toBe(3);
    expect(await queue.list({ status: 'completed' })).toHaveLength(10);
    await queue.close();
  });

  it('rejects kinds without a handler and bad options with an InputError', async () => {
    const queue = createInProcessQueue({ handlers: { backtest: async () => null } });
    await expect(queue.submit('paper-run', null)).rejects.toThrow(InputError);
    await expect(queue.submit('backtest', null, { attempts: 0 })).rejects.toThrow(/attempts/);
    await expect(queue.submit('backtest', null, { timeoutMs: -1 })).rejects.toThrow(/timeoutMs/);
    expect(() => createInProcessQueue({ handlers: {}, concurrency: 0 })).toThrow(/concurrency/);
    await queue.close();
  });

  it('lists by kind, status and user, newest first', async () => {
    const queue = createInProcessQueue({
      handlers: { backtest: async () => 1, 'data-fetch': async () => 2 },
    });
    const a = await queue.submit('backtest', null, { userId: 'alice' });
    const b = await queue.submit('data-fetch', null, { userId: 'bob' });
    const c = await queue.submit('backtest', null, { userId: 'bob' });
    await queue.whenIdle();
    expect((await queue.list()).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect((await queue.list({ kind: 'backtest' })).map((r) => r.id)).toEqual([c.id, a.id]);
    expect((await queue.list({ userId: 'bob' })).map((r) => r.id)).toEqual([c.id, b.id]);
    expect(await queue.list({ limit: 1 })).toHaveLength(1);
    await queue.close();
  });

  it('mirrors records into the store so a new queue can read them', async () => {
    const store = await openDatabase('sqlite::memory:');
    await migrateToLatest(store);
    try {
      const persistence = storeJobPersistence(store);
      const first = createInProcessQueue({
        handlers: {
          backtest: async () => ({ sharpe: 1.5 }),
          'data-fetch': async () => {
            throw new Error('no network');
          },
        },
        persistence,
      });
      const ok = await first.submit('backtest', { strategy: 'x' }, { userId: 'u9' });
      const bad = await first.submit('data-fetch', { symbol: 'ABC' });
      await first.whenIdle();
      await first.close();
      const second = createInProcessQueue({ handlers: {}, persistence });
      expect(await second.get(ok.id)).toMatchObject({
        status: 'completed',
        result: { sharpe: 1.5 },
        payload: { strategy: 'x' },
        userId: 'u9',
        progress: 1,
      });
      expect(await second.get(bad.id)).toMatchObject({ status: 'failed', error: 'no network' });
      expect((await second.list({ status: 'failed' })).map((r) => r.id)).toEqual([bad.id]);
      expect((await second.list({ userId: 'u9' })).map((r) => r.id)).toEqual([ok.id]);
      await second.close();
    } finally {
      await store.close();
    }
  });
});
