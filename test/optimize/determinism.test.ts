import { afterAll, describe, expect, it } from 'vitest';
import { loadBacktestData } from '../../src/app/backtest-data.ts';
import { createInProcessQueue } from '../../src/jobs/in-process-queue.ts';
import { createJobHandlers } from '../../src/jobs/handlers.ts';
import {
  inlineExecutor,
  queueExecutor,
  threadPoolExecutor,
  type SweepExecutor,
} from '../../src/optimize/executors.ts';
import type { SweepSpec } from '../../src/optimize/spec.ts';
import { runSweep } from '../../src/optimize/sweep.ts';
import { sharedDataPath } from '../support/shared-data.ts';

const spec: SweepSpec = {
  strategy: 'ma-crossover',
  data: { kind: 'files', paths: [sharedDataPath('orcl-2003-2005.txt')] },
  grid: ['fast=5..30:5', 'slow=20..100:10'],
  walkForward: { inSample: 250, outOfSample: 60 },
  chunkSize: 7,
  top: 0,
};

describe('sweep determinism', () => {
  const closers: SweepExecutor[] = [];
  afterAll(async () => {
    for (const c of closers) await c.close();
  });

  it('gives byte-identical results inline, on 1, 2 and 3 threads and through the job queue', async () => {
    const { series } = await loadBacktestData(spec.data, {});
    const reference = await runSweep(spec, series, inlineExecutor(series));
    const text = JSON.stringify(reference.result);
    expect(reference.result.search.trials).toBeGreaterThan(40);
    expect(reference.result.walkForward?.windows.length).toBeGreaterThan(5);

    for (const workers of [1, 2, 3]) {
      const executor = threadPoolExecutor(series, workers);
      closers.push(executor);
      const run = await runSweep(spec, series, executor);
      expect(JSON.stringify(run.result)).toBe(text);
      expect(run.outcomes).toEqual(reference.outcomes);
      if (workers > 1) expect(Object.keys(run.execution.workers).length).toBeGreaterThan(1);
    }

    for (const concurrency of [1, 3]) {
      const queue = createInProcessQueue({
        handlers: createJobHandlers({ workerId: `in-process-${concurrency}` }),
        concurrency,
      });
      const run = await runSweep(spec, series, queueExecutor(queue));
      await queue.close();
      expect(JSON.stringify(run.result)).toBe(text);
    }
  }, 120_000);

  it('reports progress for every chunk, in order, ending at the total', async () => {
    const { series } = await loadBacktestData(spec.data, {});
    const seen: Array<[number, number]> = [];
    const run = await runSweep(
      { ...spec, walkForward: undefined },
      series,
      inlineExecutor(series),
      {
        onProgress: (done, total) => seen.push([done, total]),
      },
    );
    const total = run.execution.chunks;
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
  });

  it('can be cancelled through its AbortSignal', async () => {
    const { series } = await loadBacktestData(spec.data, {});
    const controller = new AbortController();
    const pending = runSweep(spec, series, inlineExecutor(series), {
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 2) controller.abort(new Error('user cancelled'));
      },
    });
    await expect(pending).rejects.toThrow('user cancelled');
  });
});
