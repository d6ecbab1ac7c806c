import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBullMqQueue,
  startWorker,
  type BullMqJobQueue,
  type RunningWorker,
} from '../../src/jobs/bullmq-queue.ts';
import type { JobEvent, JobHandlers } from '../../src/jobs/types.ts';
import { waitForJob } from '../../src/jobs/wait.ts';

/** The BullMQ queue against the JobQueue contract; needs MICROCAP_TEST_REDIS_URL. */
const redisUrl = process.env.MICROCAP_TEST_REDIS_URL;
if (!redisUrl) console.warn('BullMQ queue tests skipped: MICROCAP_TEST_REDIS_URL is not set');

const prefix = `mctest-queue-${process.pid}-${Date.now()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let flakyCalls = 0;
const handlers: JobHandlers = {
  backtest: async (payload, ctx) => {
    ctx.reportProgress(0.5, 'halfway');
    await sleep(50);
    return { echo: payload };
  },
  // Fails twice, then succeeds: exercises retries with backoff.
  'data-fetch': async () => {
    flakyCalls++;
    if (flakyCalls < 3) throw new Error(`flaky ${flakyCalls}`);
    return 'fetched';
  },
  // Runs until aborted (cancel or timeout).
  'paper-run': (_payload, ctx) =>
    new Promise((_, reject) => {
      ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
    }),
};

describe.skipIf(!redisUrl)('BullMQ job queue', () => {
  let queue: BullMqJobQueue;
  let worker: RunningWorker;

  beforeAll(async () => {
    queue = await createBullMqQueue({ redisUrl: redisUrl as string, prefix, retryBaseMs: 50 });
    worker = await startWorker({
      redisUrl: redisUrl as string,
      prefix,
      handlers,
      workerId: 'test-worker',
      concurrency: 2,
      lockDurationMs: 5_000,
    });
  });

  afterAll(async () => {
    await worker?.close();
    if (queue) {
      await queue.obliterate();
      await queue.close();
    }
  });

  it('runs a job with progress events and keeps its result and submitter', async () => {
    const events: JobEvent[] = [];
    const off = queue.onEvent((e) => events.push(e));
    const job = await queue.submit('backtest', { n: 1 }, { userId: 'u1' });
    // A worker may pick the job up before submit reads its record back.
    expect(['queued', 'running', 'completed']).toContain(job.status);
    const done = await waitForJob(queue, job.id);
    off();
    expect(done).toMatchObject({
      status: 'completed',
      result: { echo: { n: 1 } },
      userId: 'u1',
      attempts: 1,
      progress: 1,
    });
    const mine = events.filter((e) => e.job.id === job.id);
    expect(mine[0].type).toBe('queued');
    expect(mine.some((e) => e.type === 'progress' && e.job.message === 'halfway')).toBe(true);
    expect(mine[mine.length - 1].type).toBe('completed');
  });

  it('retries with backoff and records the attempts', async () => {
    const job = await queue.submit('data-fetch', {}, { attempts: 3 });
    const done = await waitForJob(queue, job.id);
    expect(done).toMatchObject({ status: 'completed', result: 'fetched', attempts: 3 });
  });

  it('fails after the last attempt and lists the job among the failed', async () => {
    flakyCalls = -100;
    const job = await queue.submit('data-fetch', {}, { attempts: 2 });
    const done = await waitForJob(queue, job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/flaky/);
    const failed = await queue.list({ status: 'failed' });
    expect(failed.map((r) => r.id)).toContain(job.id);
  });

  it('times a job out and aborts its signal', async () => {
    const job = await queue.submit('paper-run', null, { timeoutMs: 100 });
    const done = await waitForJob(queue, job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toBe('timed out after 100 ms');
  });

  it('cancels a running job through its AbortSignal', async () => {
    const job = await queue.submit('paper-run', null);
    for (let i = 0; i < 100 && (await queue.get(job.id))?.status !== 'running'; i++)
      await sleep(20);
    expect(await queue.cancel(job.id)).toBe(true);
    const done = await waitForJob(queue, job.id);
    expect(done.status).toBe('cancelled');
    expect(await queue.cancel(job.id)).toBe(false);
  });

  it('returns the same job for the same idempotency key', async () => {
    const a = await queue.submit('backtest', { k: 1 }, { idempotencyKey: 'sweep:1:chunk:0' });
    const b = await queue.submit('backtest', { k: 2 }, { idempotencyKey: 'sweep:1:chunk:0' });
    expect(b.id).toBe(a.id);
    const done = await waitForJob(queue, a.id);
    expect(done.result).toEqual({ echo: { k: 1 } });
    const again = await queue.submit('backtest', { k: 3 }, { idempotencyKey: 'sweep:1:chunk:0' });
    expect(again).toMatchObject({ id: a.id, status: 'completed' });
  });

  it('rejects bad options and unknown jobs', async () => {
    await expect(queue.submit('backtest', null, { attempts: 0 })).rejects.toThrow(/attempts/);
    await expect(queue.submit('backtest', null, { timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    expect(await queue.get('no-such-job')).toBeNull();
    expect(await queue.cancel('no-such-job')).toBe(false);
  });
});
