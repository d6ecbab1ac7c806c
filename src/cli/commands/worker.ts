import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { parseNumberOption } from '../options.ts';

interface WorkerFlags {
  concurrency: string;
  name?: string;
  lockDuration: string;
  threads: string;
}

function positiveInteger(flag: string, text: string): number {
  const value = parseNumberOption(flag, text) as number;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(flag, text, 'expected a whole number of at least 1');
  }
  return value;
}

/**
 * `microcap worker [--concurrency N]`: processes jobs from the BullMQ queue on REDIS_URL until
 * SIGINT/SIGTERM. Run it on as many machines as you like; each needs REDIS_URL (and
 * DATABASE_URL for jobs that read or write the store). MICROCAP_JOBS_PREFIX picks the key
 * prefix (default "microcap").
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Process background jobs (backtests, sweeps, data fetches) from Redis')
    .option('--concurrency <n>', 'jobs processed at the same time', '1')
    .option('--name <id>', 'worker id recorded with each result (default host:pid)')
    .option('--lock-duration <ms>', "how long before a dead worker's jobs run elsewhere", '30000')
    .option('--threads <n>', 'worker threads for a whole-sweep job', '1')
    .addHelpText(
      'after',
      '\nNeeds REDIS_URL (redis://host:6379). Stops cleanly on Ctrl-C or SIGTERM, finishing\n' +
        'running jobs first. Chunks of a sweep (microcap optimize with REDIS_URL set) spread\n' +
        'over every running worker.\n',
    )
    .action(async (flags: WorkerFlags) => {
      const concurrency = positiveInteger('concurrency', flags.concurrency);
      const lockDurationMs = positiveInteger('lock-duration', flags.lockDuration);
      const sweepThreads = positiveInteger('threads', flags.threads);
      const { loadConfig } = await import('../../infra/config.ts');
      const config = loadConfig();
      if (!config.REDIS_URL) {
        throw new InputError(
          'REDIS_URL',
          '',
          'is not set; the worker needs a Redis to take jobs from',
        );
      }
      const [
        { startWorker },
        { createJobHandlers, defaultWorkerId },
        { jobsPrefixFromEnv },
        { openDatabase },
        { migrateToLatest },
        { createEventBus },
        { createBacktestJobHandler },
        { createPaperRunJobHandler },
      ] = await Promise.all([
        import('../../jobs/bullmq-queue.ts'),
        import('../../jobs/handlers.ts'),
        import('../../jobs/create-queue.ts'),
        import('../../store/database.ts'),
        import('../../store/migrate.ts'),
        import('../../infra/event-bus.ts'),
        import('../../server/backtest-job.ts'),
        import('../../paper/job.ts'),
      ]);
      const workerId = flags.name ?? defaultWorkerId();
      // Backtests submitted through the API are stored with their owner and announced on the
      // bus, exactly as the server's in-process queue does, so they show up in the API.
      const store = await openDatabase(config.DATABASE_URL);
      await migrateToLatest(store);
      const bus = createEventBus({
        redisUrl: config.REDIS_URL,
        prefix: process.env.MICROCAP_REDIS_PREFIX?.trim() || 'microcap',
      });
      const worker = await startWorker({
        redisUrl: config.REDIS_URL,
        prefix: jobsPrefixFromEnv(),
        concurrency,
        lockDurationMs,
        workerId,
        handlers: {
          ...createJobHandlers({ workerId, sweepThreads }),
          backtest: createBacktestJobHandler({ store, bus }),
          'paper-run': createPaperRunJobHandler({ databaseUrl: config.DATABASE_URL }),
        },
      });
      process.stderr.write(`worker ${workerId} ready (concurrency ${concurrency})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stderr.write(`worker ${workerId} stopping\n`);
      await worker.close();
      await bus.close();
      await store.close();
    });
}
