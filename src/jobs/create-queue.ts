import type { JobPersistence } from './persistence.ts';
import type { JobHandlers, JobQueue } from './types.ts';

export interface JobQueueConfig {
  /** REDIS_URL: set -> BullMQ (work runs in `microcap worker` processes); unset -> in-process. */
  readonly REDIS_URL?: string;
  /** Handlers for the in-process queue (ignored with Redis: workers carry their own). */
  readonly handlers: JobHandlers;
  readonly concurrency?: number;
  /** Mirror of in-process records (e.g. storeJobPersistence(store)). */
  readonly persistence?: JobPersistence;
  /** BullMQ key prefix (default MICROCAP_JOBS_PREFIX, else "microcap"). */
  readonly prefix?: string;
}

/**
 * The job queue the configuration asks for: BullMQ on Redis when REDIS_URL is set, else the
 * embedded in-process queue. Both satisfy the same JobQueue contract.
 */
export async function createJobQueue(config: JobQueueConfig): Promise<JobQueue> {
  if (config.REDIS_URL) {
    const { createBullMqQueue } = await import('./bullmq-queue.ts');
    return createBullMqQueue({
      redisUrl: config.REDIS_URL,
      prefix: config.prefix ?? jobsPrefixFromEnv(),
    });
  }
  const { createInProcessQueue } = await import('./in-process-queue.ts');
  return createInProcessQueue({
    handlers: config.handlers,
    concurrency: config.concurrency,
    persistence: config.persistence,
  });
}

/** MICROCAP_JOBS_PREFIX namespaces BullMQ keys (tests use a unique one per run). */
export function jobsPrefixFromEnv(): string {
  return process.env.MICROCAP_JOBS_PREFIX?.trim() || 'microcap';
}
