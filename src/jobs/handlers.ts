import { hostname } from 'node:os';
import { z } from 'zod';
import { loadBacktestData } from '../app/backtest-data.ts';
import { runBacktestRequest, type BacktestRequest } from '../app/backtest-run.ts';
import { InputError } from '../domain/errors.ts';
import { parseIsoDate } from '../domain/time.ts';
import { ChunkRunner, SeriesLoader } from '../optimize/chunk.ts';
import {
  inlineExecutor,
  threadPoolExecutor,
  type ChunkJobPayload,
  type ChunkJobResult,
} from '../optimize/executors.ts';
import type { SweepSpec } from '../optimize/spec.ts';
import { runSweep } from '../optimize/sweep.ts';
import type { JobContext, JobHandler, JobHandlers } from './types.ts';

/**
 * The handlers a worker runs, one per job kind. Registered kinds: backtest, optimisation
 * (a whole sweep, or one chunk of a sweep fanned out over the queue) and data-fetch.
 * paper-run and ai-analysis have no handler yet (see docs/optimization.md, "Jobs").
 */

export interface JobHandlerOptions {
  /** Recorded in chunk results so a distributed sweep shows who did what. */
  readonly workerId?: string;
  /** Worker threads for a whole-sweep job (default 1: run on the job's own thread). */
  readonly sweepThreads?: number;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}

const dataSelection = z.union([
  z.object({ kind: z.literal('files'), paths: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('symbols'), symbols: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('demo'), seed: z.number().int().optional() }),
]);

const backtestPayload = z.looseObject({
  strategy: z.string().min(1),
  data: dataSelection,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const sweepPayload = z.looseObject({
  strategy: z.string().min(1),
  data: dataSelection,
  grid: z.array(z.string()).min(1),
});

const chunkPayload = z.looseObject({
  stage: z.literal('chunk'),
  sweepId: z.string(),
  chunk: z.number().int(),
  spec: sweepPayload,
  trials: z.array(z.object({ index: z.number().int(), params: z.record(z.string(), z.unknown()) })),
  blockSize: z.number().int().positive(),
});

const fetchPayload = z.object({
  symbol: z.string().min(1),
  from: z.string(),
  to: z.string(),
  provider: z.string().optional(),
  mode: z.enum(['strict', 'repair']).optional(),
});

function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? `${kind}.${issue.path.join('.')}` : kind;
    throw new InputError(field, payload, issue.message);
  }
  return parsed.data;
}

export function createJobHandlers(options: JobHandlerOptions = {}): JobHandlers {
  const workerId = options.workerId ?? defaultWorkerId();
  const runner = new ChunkRunner(workerId);
  const loader = new SeriesLoader();

  const backtest: JobHandler = async (payload, context) => {
    const request = parsePayload(backtestPayload, payload, 'backtest') as BacktestRequest;
    context.reportProgress(0.1, 'running backtest');
    const outcome = await runBacktestRequest(request);
    return outcome.result;
  };

  const optimisation: JobHandler = async (payload, context) => {
    if ((payload as { stage?: unknown } | null)?.stage === 'chunk') {
      const chunk = parsePayload(
        chunkPayload,
        payload,
        'optimisation',
      ) as unknown as ChunkJobPayload;
      const series = await loader.load(chunk.spec);
      context.signal.throwIfAborted();
      const result: ChunkJobResult = { worker: workerId, outcomes: runner.run(chunk, series) };
      return result;
    }
    const spec = parsePayload(sweepPayload, payload, 'optimisation') as unknown as SweepSpec;
    return runWholeSweep(spec, context, options.sweepThreads ?? 1);
  };

  const dataFetch: JobHandler = async (payload, context) => {
    const request = parsePayload(fetchPayload, payload, 'data-fetch');
    context.reportProgress(0.1, `fetching ${request.symbol}`);
    const { fetchMarketData } = await import('../market-data/fetch-command.ts');
    return fetchMarketData({
      symbol: request.symbol,
      from: parseIsoDate(request.from, 'from'),
      to: parseIsoDate(request.to, 'to'),
      provider: request.provider,
      mode: request.mode,
    });
  };

  return { backtest, optimisation, 'data-fetch': dataFetch };
}

async function runWholeSweep(spec: SweepSpec, context: JobContext, threads: number) {
  const { series } = await loadBacktestData(spec.data, { from: spec.from, to: spec.to });
  const executor = threads > 1 ? threadPoolExecutor(series, threads) : inlineExecutor(series);
  try {
    const run = await runSweep(spec, series, executor, {
      signal: context.signal,
      onProgress: (done, total) => context.reportProgress(done / total, `${done}/${total} chunks`),
    });
    return run.result;
  } finally {
    await executor.close();
  }
}
