import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadBacktestData } from '../src/app/backtest-data.ts';
import type { BarSeries } from '../src/domain/bars.ts';
import {
  inlineExecutor,
  queueExecutor,
  threadPoolExecutor,
  type SweepExecutor,
} from '../src/optimize/executors.ts';
import type { SweepSpec } from '../src/optimize/spec.ts';
import { runSweep } from '../src/optimize/sweep.ts';
import { projectRoot, sharedDataPath } from '../test/support/shared-data.ts';

/**
 * Parameter sweeps. Target: 10,000 ma-crossover parameter sets over 10 years of daily bars on
 * one symbol in < 5 s on a 2-core machine. Prints the time on 1 and 2 local worker threads
 * (speed-up), inline on the main thread, and the throughput of 2 BullMQ workers when
 * MICROCAP_TEST_REDIS_URL (or REDIS_URL) points at a Redis.
 */

const spec: SweepSpec = {
  strategy: 'ma-crossover',
  data: { kind: 'files', paths: [sharedDataPath('orcl-1995-2014.txt')] },
  from: '2005-01-01',
  to: '2014-12-31',
  // 100 x 100 = 10,000 valid sets (every fast is below every slow).
  grid: ['fast=1..100', 'slow=101..200'],
  chunkSize: 100,
};

async function timed(
  label: string,
  series: readonly BarSeries[],
  executor: SweepExecutor,
  warmup = true,
): Promise<number> {
  if (warmup) {
    // Start the threads and load the modules before timing (a pool lives across sweeps).
    await runSweep({ ...spec, grid: ['fast=5,10', 'slow=120,150'] }, series, executor);
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = await runSweep(spec, series, executor);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const trials = run.result.search.trials;
  // CPU time counts this process's threads (not other processes): steadier on a busy machine.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(26)} ${trials} sets x ${run.result.data.bars} bars: wall ${(ms / 1000).toFixed(2)} s ` +
      `(${Math.round((trials / ms) * 1000)} backtests/s), cpu ${(cpuMs / 1000).toFixed(2)} s`,
  );
  return ms;
}

export async function run(): Promise<void> {
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const { series } = await loadBacktestData(spec.data, { from: spec.from, to: spec.to });
  const inline = await timed('main thread (inline)', series, inlineExecutor(series));
  const times: number[] = [];
  for (const workers of [1, 2]) {
    const executor = threadPoolExecutor(series, workers);
    try {
      times.push(await timed(`${workers} worker thread(s)`, series, executor));
    } finally {
      await executor.close();
    }
  }
  console.log(
    `speed-up 1 -> 2 threads: x${(times[0] / times[1]).toFixed(2)}; inline ${(inline / 1000).toFixed(2)} s`,
  );
  await bullmqThroughput(series);
}

async function bullmqThroughput(series: readonly BarSeries[]): Promise<void> {
  const redisUrl = process.env.MICROCAP_TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (!redisUrl) {
    console.log('BullMQ: skipped (set MICROCAP_TEST_REDIS_URL to measure 2 workers)');
    return;
  }
  const { createBullMqQueue } = await import('../src/jobs/bullmq-queue.ts');
  const prefix = `mcbench-${process.pid}-${Date.now()}`;
  const queue = await createBullMqQueue({ redisUrl, prefix });
  const workers: ChildProcess[] = [];
  try {
    for (const name of ['b1', 'b2']) workers.push(await spawnWorker(name, redisUrl, prefix));
    await timed('2 BullMQ workers', series, queueExecutor(queue, { sweepId: 'warm' }), false);
    const small = { ...spec, chunkSize: 10 };
    const t0 = performance.now();
    const run = await runSweep(small, series, queueExecutor(queue, { sweepId: 'jobs' }));
    const ms = performance.now() - t0;
    console.log(
      `2 BullMQ workers, ${run.execution.chunks} jobs of 10 sets: ${(ms / 1000).toFixed(2)} s ` +
        `(${Math.round((run.execution.chunks / ms) * 1000)} jobs/s)`,
    );
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((resolve) => w.on('exit', resolve))));
    await queue.obliterate();
    await queue.close();
  }
}

function spawnWorker(name: string, redisUrl: string, prefix: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(projectRoot, 'src/cli/main.ts'), 'worker', '--name', name],
    {
      cwd: projectRoot,
      env: { ...process.env, REDIS_URL: redisUrl, MICROCAP_JOBS_PREFIX: prefix },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`bench worker ${name} exited (${code}): ${text}`)));
  });
}
