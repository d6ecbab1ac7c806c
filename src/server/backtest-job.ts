import { buildConfig, runBacktestOnSeries, runBacktestRequest } from '../app/backtest-run.ts';
import type { BacktestRequest } from '../app/backtest-run.ts';
import type { BacktestResultJson } from '../backtest/result.ts';
import { parseIsoDate } from '../domain/time.ts';
import type { EventBus } from '../infra/event-bus.ts';
import type { JobContext, JobHandler } from '../jobs/types.ts';
import { createStrategy } from '../strategies/registry.ts';
import type { Store } from '../store/database.ts';
import { BacktestResultRepository } from '../store/repositories/backtest-result-repository.ts';
import { MarketDataRepository } from '../store/repositories/market-data-repository.ts';
import { setOwner } from './ownership.ts';
import type { ServerMetrics } from './server-metrics.ts';

/**
 * What POST /api/backtests puts on the queue: the backtest request itself (the shape the jobs
 * module's own backtest handler reads too) plus who will own the stored result.
 */
export type BacktestJobPayload = BacktestRequest & { readonly ownerId: string | null };

export interface BacktestJobResult {
  readonly backtestId: string;
  readonly strategy: string;
  readonly finalValue: number;
}

export interface BacktestJobDeps {
  readonly store: Store;
  readonly bus?: EventBus;
  readonly metrics?: ServerMetrics;
}

/**
 * Checks a request as far as can be done without data (strategy, parameters, costs, sizing),
 * so a bad body is a 400 at submission, not a failed job later.
 */
export function validateBacktestRequest(request: BacktestRequest): void {
  createStrategy(request.strategy, request.params ?? {});
  buildConfig(request);
  if (request.from !== undefined) parseIsoDate(request.from, 'from');
  if (request.to !== undefined) parseIsoDate(request.to, 'to');
}

/**
 * Runs a backtest through the shared backtest service and stores the result (owned by the
 * submitter) in backtest_results. Demo runs use the service as is; stored-symbol runs read the
 * bars from this server's store (never files: the API does not read server paths).
 */
export function createBacktestJobHandler(deps: BacktestJobDeps): JobHandler {
  const repository = new BacktestResultRepository(deps.store);
  return async (raw: unknown, context: JobContext): Promise<BacktestJobResult> => {
    const { ownerId, ...request } = raw as BacktestJobPayload;
    try {
      context.reportProgress(0.05, 'loading data');
      const result = await run(deps.store, request, context);
      if (context.signal.aborted) throw new Error('cancelled');
      context.reportProgress(0.9, 'saving the result');
      const backtestId = await repository.save(result);
      await setOwner(deps.store, 'backtest_results', backtestId, ownerId ?? null);
      deps.metrics?.backtests.inc({ status: 'completed' });
      await deps.bus?.publish('BacktestCompleted', {
        jobId: context.jobId,
        backtestId,
        userId: ownerId ?? null,
        strategy: result.strategy,
      });
      return { backtestId, strategy: result.strategy, finalValue: result.finalValue };
    } catch (error) {
      deps.metrics?.backtests.inc({ status: 'failed' });
      await deps.bus
        ?.publish('BacktestFailed', {
          jobId: context.jobId,
          userId: ownerId ?? null,
          error: error instanceof Error ? error.message : String(error),
        })
        .catch(() => undefined);
      throw error;
    }
  };
}

async function run(
  store: Store,
  request: BacktestRequest,
  context: JobContext,
): Promise<BacktestResultJson> {
  if (request.data.kind === 'demo') return (await runBacktestRequest(request)).result;
  if (request.data.kind !== 'symbols') {
    throw new Error(`data kind ${request.data.kind} is not accepted by the API`);
  }
  const { definition } = createStrategy(request.strategy, request.params ?? {});
  const config = buildConfig(request);
  const from = request.from === undefined ? undefined : parseIsoDate(request.from, 'from');
  const to = request.to === undefined ? undefined : parseIsoDate(request.to, 'to');
  const bars = new MarketDataRepository(store);
  const series = [];
  for (const symbol of request.data.symbols) series.push(await bars.requireBars(symbol, from, to));
  const benchmark =
    request.benchmark === undefined ? null : await bars.requireBars(request.benchmark, from, to);
  context.reportProgress(0.3, 'running');
  return runBacktestOnSeries(definition.id, request, config, series, benchmark, false).result;
}
