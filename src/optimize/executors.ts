import { randomUUID } from 'node:crypto';
import { Piscina } from 'piscina';
import type { BarSeries } from '../domain/bars.ts';
import type { JobQueue } from '../jobs/types.ts';
import { waitForJob } from '../jobs/wait.ts';
import { ChunkRunner, type ChunkPayload } from './chunk.ts';
import type { TrialOutcome } from './evaluate.ts';
import { shareSeries } from './shared-bars.ts';
import type { ThreadTask } from './sweep-worker.ts';

/**
 * Where a sweep's chunks run. Every executor returns the outcomes of chunk i at position i,
 * whatever order the work finished in, so results never depend on scheduling.
 */
export interface SweepExecutor {
  readonly name: string;
  run(
    chunks: readonly ChunkPayload[],
    onChunkDone?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<TrialOutcome[][]>;
  close(): Promise<void>;
}

/** Runs chunks one after another on this thread. */
export function inlineExecutor(series: readonly BarSeries[]): SweepExecutor {
  const runner = new ChunkRunner('main');
  return {
    name: 'inline',
    async run(chunks, onChunkDone, signal) {
      const out: TrialOutcome[][] = [];
      for (const chunk of chunks) {
        signal?.throwIfAborted();
        out.push(runner.run(chunk, series));
        onChunkDone?.(out.length, chunks.length);
        // Yield between chunks so progress events and cancellation get through.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return out;
    },
    async close() {},
  };
}

/** The worker file beside this module: .ts when run from source, .js in the built package. */
function workerFile(): string {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./sweep-worker${extension}`, import.meta.url).href;
}

/**
 * A piscina pool of worker threads. The bars go to the workers once as SharedArrayBuffers
 * (no copy); each thread keeps its own indicator cache across the chunks it serves.
 */
export function threadPoolExecutor(series: readonly BarSeries[], workers: number): SweepExecutor {
  const pool = new Piscina<ThreadTask, TrialOutcome[]>({
    filename: workerFile(),
    minThreads: workers,
    maxThreads: workers,
    // Keep idle threads (and their caches) for the life of the executor.
    idleTimeout: 60_000,
  });
  const shared = series.map(shareSeries);
  const datasetId = randomUUID();
  return {
    name: `threads(${workers})`,
    async run(chunks, onChunkDone, signal) {
      let done = 0;
      return Promise.all(
        chunks.map(async (payload) => {
          const outcomes = await pool.run({ datasetId, series: shared, payload }, { signal });
          onChunkDone?.(++done, chunks.length);
          return outcomes;
        }),
      );
    },
    async close() {
      await pool.destroy();
    },
  };
}

/** The payload of an optimisation job that evaluates one chunk (see jobs/handlers.ts). */
export interface ChunkJobPayload extends ChunkPayload {
  readonly stage: 'chunk';
  readonly sweepId: string;
  readonly chunk: number;
}

export interface ChunkJobResult {
  readonly worker: string;
  readonly outcomes: TrialOutcome[];
}

/**
 * Fans chunks out as `optimisation` jobs on a job queue (in-process or BullMQ), one job per
 * chunk with an idempotency key per (sweep, chunk): a resubmitted sweep never duplicates work.
 */
export function queueExecutor(
  queue: JobQueue,
  options: { sweepId?: string; attempts?: number; timeoutMs?: number } = {},
): SweepExecutor & { readonly workerCounts: Map<string, number> } {
  const workerCounts = new Map<string, number>();
  return {
    name: 'queue',
    workerCounts,
    async run(chunks, onChunkDone, signal) {
      const sweepId = options.sweepId ?? randomUUID();
      const jobs = await Promise.all(
        chunks.map((chunk, i) => {
          const payload: ChunkJobPayload = { ...chunk, stage: 'chunk', sweepId, chunk: i };
          return queue.submit('optimisation', payload, {
            idempotencyKey: `${sweepId}:${i}`,
            attempts: options.attempts ?? 3,
            ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          });
        }),
      );
      let done = 0;
      const cancelAll = () => {
        for (const job of jobs) void queue.cancel(job.id);
      };
      signal?.addEventListener('abort', cancelAll, { once: true });
      try {
        return await Promise.all(
          jobs.map(async (job) => {
            const record = await waitForJob(queue, job.id, signal);
            if (record.status !== 'completed') {
              throw new Error(`sweep chunk job ${job.id} ${record.status}: ${record.error ?? ''}`);
            }
            const result = record.result as ChunkJobResult;
            workerCounts.set(result.worker, (workerCounts.get(result.worker) ?? 0) + 1);
            onChunkDone?.(++done, chunks.length);
            return result.outcomes;
          }),
        );
      } finally {
        signal?.removeEventListener('abort', cancelAll);
      }
    },
    async close() {},
  };
}
