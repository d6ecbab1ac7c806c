import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestData } from '../../src/app/backtest-data.ts';
import { createBullMqQueue, type BullMqJobQueue } from '../../src/jobs/bullmq-queue.ts';
import { inlineExecutor, queueExecutor } from '../../src/optimize/executors.ts';
import type { SweepSpec } from '../../src/optimize/spec.ts';
import { runSweep } from '../../src/optimize/sweep.ts';
import { projectRoot, sharedDataPath } from '../support/shared-data.ts';

/**
 * Three `microcap worker` processes on one Redis share a sweep of 200+ jobs; one is SIGKILLed
 * midway. Runs when MICROCAP_TEST_REDIS_URL is set (CI sets it), else skips with a notice.
 * MICROCAP_JOBS_PREFIX gives this run its own BullMQ keys, removed at the end.
 */
const redisUrl = process.env.MICROCAP_TEST_REDIS_URL;
// Workers store API backtests in a database: give them a scratch one, not ./data.
const scratch = mkdtempSync(join(tmpdir(), 'microcap-workers-'));
const databaseUrl = `sqlite:${join(scratch, 'workers.db')}`;
if (!redisUrl) console.warn('distributed jobs test skipped: MICROCAP_TEST_REDIS_URL is not set');

const prefix = `mctest-dist-${process.pid}-${Date.now()}`;

const spec: SweepSpec = {
  strategy: 'ma-crossover',
  data: { kind: 'files', paths: [sharedDataPath('orcl-1995-2014.txt')] },
  from: '2000-01-01',
  grid: ['fast=5..40:5', 'slow=20..160:20'],
  walkForward: { inSample: 756, outOfSample: 252 },
  // One trial per job: many small jobs, so the work is spread and the kill lands mid-sweep.
  chunkSize: 1,
  top: 0,
};

interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  exited: boolean;
}

function startWorkerProcess(name: string): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [
      join(projectRoot, 'src/cli/main.ts'),
      'worker',
      '--name',
      name,
      '--lock-duration',
      '2000',
      // Several jobs in flight per worker, so the SIGKILL catches work mid-way.
      '--concurrency',
      '3',
    ],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        MICROCAP_JOBS_PREFIX: prefix,
        DATABASE_URL: databaseUrl,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const worker: WorkerProcess = { name, child, exited: false };
  child.on('exit', () => (worker.exited = true));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/worker \S+ ready/.test(stderr)) resolve(worker);
    });
    child.on('exit', (code) => reject(new Error(`worker ${name} exited (${code}): ${stderr}`)));
  });
}

describe.skipIf(!redisUrl)('distributed sweep on BullMQ workers', () => {
  const workers: WorkerProcess[] = [];
  let queue: BullMqJobQueue;

  beforeAll(async () => {
    queue = await createBullMqQueue({ redisUrl: redisUrl as string, prefix });
    workers.push(...(await Promise.all(['w1', 'w2', 'w3'].map(startWorkerProcess))));
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (!w.exited) w.child.kill('SIGTERM');
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) =>
            w.exited ? resolve() : w.child.on('exit', () => resolve()),
          ),
      ),
    );
    if (queue) {
      await queue.obliterate();
      await queue.close();
    }
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it('completes every job exactly once across three workers, one killed midway, and matches the in-process result', async () => {
    const { series } = await loadBacktestData(spec.data, { from: spec.from });
    const reference = await runSweep(spec, series, inlineExecutor(series));

    const completions = new Map<string, number>();
    queue.onEvent((event) => {
      if (event.type === 'completed') {
        completions.set(event.job.id, (completions.get(event.job.id) ?? 0) + 1);
      }
    });
    const victim = workers[1];
    let killedAt = -1;
    const executor = queueExecutor(queue, { sweepId: 'sweep-3-workers' });
    const run = await runSweep(spec, series, executor, {
      onProgress: (done, total) => {
        if (killedAt < 0 && done >= total / 3) {
          killedAt = done;
          victim.child.kill('SIGKILL');
        }
      },
    });
    const jobs = run.execution.chunks;
    expect(jobs).toBeGreaterThanOrEqual(200);
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(jobs);

    // Spread: every worker, the killed one included (before its death), computed chunks.
    for (const name of ['w1', 'w2', 'w3']) {
      expect(
        executor.workerCounts.get(name) ?? 0,
        `${name} in ${JSON.stringify([...executor.workerCounts])}, killed at ${killedAt}`,
      ).toBeGreaterThan(0);
    }
    const perWorker = [...executor.workerCounts.values()].reduce((a, b) => a + b, 0);
    expect(perWorker).toBe(jobs);

    // Exactly once: one stored result per job, one completion per job, no duplicates.
    expect(await queue.resultCount()).toBe(jobs);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the last events arrive
    expect(completions.size).toBe(jobs);
    expect([...completions.values()].every((n) => n === 1)).toBe(true);
    const completed = await queue.list({ status: 'completed', limit: 100_000 });
    expect(completed).toHaveLength(jobs);
    expect(new Set(completed.map((r) => r.id)).size).toBe(jobs);

    // Starts beyond one per job are re-runs of the killed worker's job (stalled, then retried).
    const starts = await queue.attemptLog();
    const firstSweepStarts = starts.filter((s) => completions.has(s.jobId)).length;
    console.info(
      `distributed: ${jobs} jobs, ${firstSweepStarts} starts, killed w2 after ${killedAt}; ` +
        `per worker ${JSON.stringify(Object.fromEntries(executor.workerCounts))}`,
    );
    expect(firstSweepStarts).toBeGreaterThanOrEqual(jobs);

    // Same answer as the in-process run, despite the kill.
    expect(JSON.stringify(run.result)).toBe(JSON.stringify(reference.result));

    // Two workers left, then one: the same sweep (new ids) gives the same answer again.
    const two = await runSweep(spec, series, queueExecutor(queue, { sweepId: 'sweep-2-workers' }));
    expect(JSON.stringify(two.result)).toBe(JSON.stringify(reference.result));
    workers[2].child.kill('SIGTERM');
    await new Promise((resolve) => workers[2].child.on('exit', resolve));
    const oneExecutor = queueExecutor(queue, { sweepId: 'sweep-1-worker' });
    const one = await runSweep(spec, series, oneExecutor);
    expect(JSON.stringify(one.result)).toBe(JSON.stringify(reference.result));
    expect([...oneExecutor.workerCounts.keys()]).toEqual(['w1']);
    expect(await queue.resultCount()).toBe(3 * jobs);
  }, 180_000);
});
