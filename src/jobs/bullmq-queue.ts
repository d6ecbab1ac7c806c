import { createHash, randomUUID } from 'node:crypto';
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { InputError } from '../domain/errors.ts';
import { JobEventHub } from './events.ts';
import { recordMatchesFilter } from './in-process-queue.ts';
import type {
  JobEvent,
  JobHandlers,
  JobKind,
  JobListFilter,
  JobQueue,
  JobRecord,
  JobStatus,
  SubmitOptions,
} from './types.ts';

/**
 * BullMQ on Redis: the queue behind `REDIS_URL`. One BullMQ queue named `jobs`; a job's name is
 * its kind. Workers (`microcap worker`, startWorker) run anywhere that reaches the same Redis.
 *
 * Extras over BullMQ itself, all keyed under the prefix:
 * - `<prefix>:microcap:results` (hash job id -> result JSON): the first result written for a
 *   job wins (HSETNX). A worker killed after computing but before acknowledging makes BullMQ
 *   run the job again elsewhere; the second run returns the stored result, so a result is
 *   written once per job id.
 * - `<prefix>:microcap:attempts` (list of "job-id worker-id"): every start of a job.
 * - `<prefix>:microcap:cancelled` (set) and the `<prefix>:microcap:cancel` channel: cancellation
 *   of queued jobs (skipped when picked up) and running ones (their AbortSignal fires).
 */

export const QUEUE_NAME = 'jobs';
export const DEFAULT_PREFIX = 'microcap';

interface JobData {
  readonly payload: unknown;
  readonly userId: string | null;
  readonly timeoutMs: number | null;
}

interface ProgressData {
  readonly progress: number;
  readonly message: string | null;
}

export interface BullMqQueueOptions {
  readonly redisUrl: string;
  readonly prefix?: string;
  /** Kinds this queue accepts (the workers must have handlers for them). Default: all kinds. */
  readonly kinds?: readonly JobKind[];
  /** First retry delay; doubles each retry (default 500 ms). */
  readonly retryBaseMs?: number;
}

/** Redis keys of the extras, shared by the queue, the workers and tests. */
export function extraKeys(prefix: string) {
  return {
    results: `${prefix}:microcap:results`,
    attempts: `${prefix}:microcap:attempts`,
    cancelled: `${prefix}:microcap:cancelled`,
    cancelChannel: `${prefix}:microcap:cancel`,
  };
}

function connection(redisUrl: string) {
  // BullMQ's blocking commands need maxRetriesPerRequest: null.
  return { url: redisUrl, maxRetriesPerRequest: null };
}

/** Idempotency keys become BullMQ job ids (which may not contain ':'), hashed to a safe form. */
function idForKey(key: string): string {
  return `k-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

export interface BullMqJobQueue extends JobQueue {
  readonly prefix: string;
  /** Number of results written (tests and operators check "exactly once" with it). */
  resultCount(): Promise<number>;
  /** Every start of a job, in order: who picked up which job (re-runs show up twice). */
  attemptLog(): Promise<{ jobId: string; workerId: string }[]>;
  /** Removes every key of this prefix (tests; never on a shared production prefix). */
  obliterate(): Promise<void>;
}

export async function createBullMqQueue(options: BullMqQueueOptions): Promise<BullMqJobQueue> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const keys = extraKeys(prefix);
  const queue = new Queue(QUEUE_NAME, { connection: connection(options.redisUrl), prefix });
  const events = new QueueEvents(QUEUE_NAME, { connection: connection(options.redisUrl), prefix });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const hub = new JobEventHub();
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const kinds = new Set(
    options.kinds ?? ['backtest', 'optimisation', 'data-fetch', 'paper-run', 'ai-analysis'],
  );

  /**
   * Reads the state first and the job hash second: a job that finishes in between then shows
   * as running with its result, never as completed without one.
   */
  const recordOf = async (id: string): Promise<JobRecord | null> => {
    const [state, cancelled] = await Promise.all([
      queue.getJobState(id),
      redis.sismember(keys.cancelled, id),
    ]);
    if (state === 'unknown') return null;
    const job = await queue.getJob(id);
    if (!job) return null;
    return recordFromJob(job, String(state), cancelled === 1);
  };

  // Jobs this process submitted: it announces them itself, so their first 'waiting' event
  // needs no Redis round trip.
  const announced = new Set<string>();
  const emitFor = (type: JobEvent['type']) => async (args: { jobId: string }) => {
    if (type === 'queued' && announced.delete(args.jobId)) return;
    if (type === 'completed' || type === 'failed') announced.delete(args.jobId);
    if (hub.size === 0) return; // nobody listens: skip the fetch
    const record = await recordOf(args.jobId).catch(() => null);
    if (!record) return;
    // A failure that is really a cancellation is reported as such.
    const kind = type === 'failed' && record.status === 'cancelled' ? 'cancelled' : type;
    hub.emit({ type: kind, job: record } as JobEvent);
  };
  events.on('waiting', emitFor('queued'));
  events.on('active', emitFor('progress'));
  events.on('progress', emitFor('progress'));
  events.on('completed', emitFor('completed'));
  events.on('failed', emitFor('failed'));

  return {
    prefix,
    async submit(kind: JobKind, payload: unknown, submit: SubmitOptions = {}): Promise<JobRecord> {
      if (!kinds.has(kind)) throw new InputError('kind', kind, 'no worker handles this job kind');
      const attempts = submit.attempts ?? 1;
      if (!Number.isInteger(attempts) || attempts < 1) {
        throw new InputError('attempts', attempts, 'must be a whole number of at least 1');
      }
      const timeoutMs = submit.timeoutMs ?? null;
      if (timeoutMs !== null && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
        throw new InputError('timeoutMs', timeoutMs, 'must be a positive number of milliseconds');
      }
      const jobId =
        submit.idempotencyKey === undefined ? randomUUID() : idForKey(submit.idempotencyKey);
      const data: JobData = { payload: payload ?? null, userId: submit.userId ?? null, timeoutMs };
      // BullMQ ignores an add whose job id exists: the same key returns the first job. Ask
      // before adding, because a fast worker may already have started a new job by the time
      // its record is read back.
      const existed =
        submit.idempotencyKey !== undefined && (await queue.getJob(jobId)) !== undefined;
      if (!existed) announced.add(jobId);
      await queue.add(kind, data, {
        jobId,
        attempts,
        backoff: { type: 'exponential', delay: options.retryBaseMs ?? 500 },
        removeOnComplete: false,
        removeOnFail: false,
      });
      const record = await recordOf(jobId);
      if (!record) throw new Error(`job ${jobId} vanished right after it was added`);
      if (!existed) hub.emit({ type: 'queued', job: record });
      return record;
    },
    async get(id: string) {
      return recordOf(id);
    },
    async list(filter: JobListFilter = {}) {
      const limit = filter.limit ?? 100;
      const types = filter.status ? STATES_OF[filter.status] : ALL_STATES;
      // Kind and user filters apply after fetching, so read a generous window.
      const scan = filter.kind || filter.userId ? Math.max(1000, limit * 10) : limit;
      const jobs = await queue.getJobs([...types], 0, scan - 1, false);
      const records = (await Promise.all(jobs.map((j) => recordOf(String(j.id))))).filter(
        (r): r is JobRecord => r !== null && recordMatchesFilter(r, filter),
      );
      records.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
      return records.slice(0, limit);
    },
    async cancel(id: string) {
      const job = await queue.getJob(id);
      if (!job) return false;
      const state = String(await job.getState());
      if (state === 'completed' || state === 'failed') return false;
      // A queued job stays in the list (so it can still be read) and is skipped when picked up;
      // a running one gets its AbortSignal fired by the worker that holds it.
      await redis.sadd(keys.cancelled, id);
      await redis.publish(keys.cancelChannel, id);
      const record = await recordOf(id).catch(() => null);
      if (record) hub.emit({ type: 'cancelled', job: { ...record, status: 'cancelled' } });
      return true;
    },
    onEvent(listener) {
      return hub.subscribe(listener);
    },
    async attemptLog() {
      const entries = await redis.lrange(keys.attempts, 0, -1);
      return entries.map((entry) => {
        const [jobId, workerId] = entry.split(' ');
        return { jobId, workerId };
      });
    },
    async resultCount() {
      return redis.hlen(keys.results);
    },
    async obliterate() {
      await queue.obliterate({ force: true });
      await redis.del(keys.results, keys.attempts, keys.cancelled);
    },
    async close() {
      hub.clear();
      await Promise.all([events.close(), queue.close()]);
      redis.disconnect();
    },
  };
}

const STATES_OF: Readonly<Record<JobStatus, readonly JobType[]>> = {
  queued: ['waiting', 'delayed', 'prioritized', 'waiting-children'],
  running: ['active'],
  completed: ['completed'],
  failed: ['failed'],
  cancelled: ['failed', 'waiting', 'delayed', 'active'],
};
const ALL_STATES: JobType[] = [
  'waiting',
  'delayed',
  'prioritized',
  'active',
  'completed',
  'failed',
];

function recordFromJob(job: Job, state: string, cancelled: boolean): JobRecord {
  const data = (job.data ?? {}) as Partial<JobData>;
  const progress = job.progress as ProgressData | number | undefined;
  let status: JobStatus;
  if (state === 'completed') status = 'completed';
  else if (cancelled) status = 'cancelled';
  else if (state === 'failed') status = 'failed';
  else if (state === 'active') status = 'running';
  else status = 'queued';
  const fraction = typeof progress === 'number' ? progress : (progress?.progress ?? 0);
  return {
    id: String(job.id),
    kind: job.name as JobKind,
    status,
    progress: status === 'completed' ? 1 : fraction,
    message: typeof progress === 'object' && progress ? progress.message : null,
    payload: data.payload ?? null,
    result: status === 'completed' ? (job.returnvalue ?? null) : null,
    error: status === 'failed' || status === 'cancelled' ? job.failedReason || null : null,
    attempts: job.attemptsMade,
    userId: data.userId ?? null,
    createdAt: job.timestamp,
    startedAt: job.processedOn ?? null,
    finishedAt: job.finishedOn ?? null,
  };
}

export interface WorkerOptions {
  readonly redisUrl: string;
  readonly prefix?: string;
  readonly concurrency?: number;
  readonly handlers: JobHandlers;
  /** Recorded in the attempts list. */
  readonly workerId: string;
  /** How long a job's lock lasts without renewal; a dead worker's jobs rerun after it. */
  readonly lockDurationMs?: number;
}

export interface RunningWorker {
  readonly workerId: string;
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker that runs `handlers`. Results go through the write-once hash, so a
 * job recomputed after a crash returns its first result; cancellation arrives over pub/sub.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const keys = extraKeys(prefix);
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const lockDuration = options.lockDurationMs ?? 30_000;

  const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<unknown> => {
    const id = String(job.id);
    await redis.rpush(keys.attempts, `${id} ${options.workerId}`);
    if ((await redis.sismember(keys.cancelled, id)) === 1) {
      throw new UnrecoverableError('cancelled');
    }
    const stored = await redis.hget(keys.results, id);
    if (stored !== null) return JSON.parse(stored) as unknown; // computed before a crash
    const handler = options.handlers[job.name as JobKind];
    if (!handler) throw new UnrecoverableError(`no handler for job kind ${job.name}`);
    const data = (job.data ?? {}) as Partial<JobData>;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = handler(data.payload ?? null, {
        jobId: id,
        signal: controller.signal,
        reportProgress(progress, message) {
          const value: ProgressData = {
            progress: Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0,
            message: message ?? null,
          };
          void job.updateProgress(value as unknown as object).catch(() => undefined);
        },
      });
      const result = await (data.timeoutMs
        ? Promise.race([
            work,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                const error = new Error(`timed out after ${data.timeoutMs} ms`);
                // Reject first so the timeout, not the handler's reaction to the abort, is the reason.
                reject(error);
                controller.abort(error);
              }, data.timeoutMs as number);
            }),
          ])
        : work);
      // Write once: if another run of this job already stored a result, return that one.
      const text = JSON.stringify(result ?? null);
      const written = await redis.hsetnx(keys.results, id, text);
      return written === 1
        ? (result ?? null)
        : (JSON.parse((await redis.hget(keys.results, id)) ?? text) as unknown);
    } catch (error) {
      if (controller.signal.aborted && (await redis.sismember(keys.cancelled, id)) === 1) {
        throw new UnrecoverableError('cancelled');
      }
      if (error instanceof InputError) throw new UnrecoverableError(error.message);
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection: connection(options.redisUrl),
    prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: 3,
  });
  worker.on('error', () => undefined); // connection hiccups are retried by BullMQ itself
  await subscriber.subscribe(keys.cancelChannel);
  subscriber.on('message', (_channel: string, id: string) => {
    worker.cancelJob(id, 'cancelled');
  });
  await worker.waitUntilReady();
  return {
    workerId: options.workerId,
    async close() {
      await worker.close();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
