import { createInProcessQueue } from '../src/jobs/in-process-queue.ts';
import type { JobHandlers } from '../src/jobs/types.ts';
import { waitForJob } from '../src/jobs/wait.ts';

/**
 * Job-queue overhead with no-op jobs: how many jobs a second the in-process queue and BullMQ
 * (2 workers, when MICROCAP_TEST_REDIS_URL is set) can move from submit to completed.
 * Sweeps amortise this by putting 50 trials in a job (see optimize.bench.ts).
 */

const handlers: JobHandlers = { backtest: async (payload) => payload };

export async function run(): Promise<void> {
  const queue = createInProcessQueue({ handlers, concurrency: 4 });
  const count = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await queue.submit('backtest', i);
  await queue.whenIdle();
  const ms = performance.now() - t0;
  console.log(`in-process queue: ${count} no-op jobs in ${ms.toFixed(0)} ms (${rate(count, ms)})`);
  await queue.close();
  await bullmq();
}

async function bullmq(): Promise<void> {
  const redisUrl = process.env.MICROCAP_TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (!redisUrl) {
    console.log('BullMQ: skipped (set MICROCAP_TEST_REDIS_URL)');
    return;
  }
  const { createBullMqQueue, startWorker } = await import('../src/jobs/bullmq-queue.ts');
  const prefix = `mcbench-jobs-${process.pid}-${Date.now()}`;
  const queue = await createBullMqQueue({ redisUrl, prefix });
  const workers = await Promise.all(
    ['j1', 'j2'].map((workerId) =>
      startWorker({ redisUrl, prefix, handlers, workerId, concurrency: 8 }),
    ),
  );
  try {
    const count = 2_000;
    const t0 = performance.now();
    const jobs = await Promise.all(
      Array.from({ length: count }, (_, i) => queue.submit('backtest', i)),
    );
    await Promise.all(jobs.map((job) => waitForJob(queue, job.id)));
    const ms = performance.now() - t0;
    console.log(
      `BullMQ, 2 workers x concurrency 8 (one process): ${count} no-op jobs in ${ms.toFixed(0)} ms (${rate(count, ms)})`,
    );
  } finally {
    for (const w of workers) await w.close();
    await queue.obliterate();
    await queue.close();
  }
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000)} jobs/s`;
}
