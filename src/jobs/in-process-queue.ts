import { randomUUID } from 'node:crypto';
import { InputError } from '../domain/errors.ts';
import type { JobPersistence } from './persistence.ts';
import { JobEventHub } from './events.ts';
import type {
  JobContext,
  JobEvent,
  JobHandlers,
  JobKind,
  JobListFilter,
  JobQueue,
  JobRecord,
  JobStatus,
  SubmitOptions,
} from './types.ts';

export interface InProcessQueueOptions {
  readonly handlers: JobHandlers;
  /** Jobs run at the same time (default 1: CPU-bound work fans out to worker threads itself). */
  readonly concurrency?: number;
  /** Durable copy of every record (e.g. the store's jobs table); memory alone when absent. */
  readonly persistence?: JobPersistence;
  /** First retry waits this long; each further retry doubles it (default 500 ms). */
  readonly retryBaseMs?: number;
  /** Upper bound of one backoff wait (default 60 s). */
  readonly retryMaxMs?: number;
  /** Timeout when the submission names none (default: none). */
  readonly defaultTimeoutMs?: number;
  /** Attempts when the submission names none (default 1: no retry). */
  readonly defaultAttempts?: number;
  /** Called when writing a record to the persistence fails (the job itself carries on). */
  readonly onPersistError?: (error: unknown) => void;
  readonly clock?: () => number;
}

/** The queue's extras beyond the shared contract (tests, CLI and the sweep runner use them). */
export interface InProcessJobQueue extends JobQueue {
  /** Resolves once nothing is queued, running or waiting for a retry. */
  whenIdle(): Promise<void>;
}

interface Entry {
  record: JobRecord;
  readonly maxAttempts: number;
  readonly timeoutMs: number | undefined;
  readonly idempotencyKey: string | undefined;
  controller: AbortController | null;
  retryTimer: NodeJS.Timeout | null;
}

const FINISHED: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled']);

/**
 * The embedded job queue: records in memory (optionally mirrored to a store), a FIFO of due
 * jobs served by `concurrency` slots, retries with exponential backoff, per-job timeouts,
 * cancellation through AbortSignal and idempotency keys. No Redis, no extra process.
 */
export function createInProcessQueue(options: InProcessQueueOptions): InProcessJobQueue {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InputError('concurrency', concurrency, 'must be a whole number of at least 1');
  }
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  const entries = new Map<string, Entry>();
  const byKey = new Map<string, string>();
  const due: string[] = [];
  const hub = new JobEventHub();
  let running = 0;
  let waitingRetries = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];
  let persistChain: Promise<void> = Promise.resolve();

  function persist(record: JobRecord): void {
    const persistence = options.persistence;
    if (!persistence) return;
    // Writes go out in order, one at a time, so the stored row ends at the latest state.
    persistChain = persistChain
      .then(() => persistence.save(record))
      .catch((error: unknown) => options.onPersistError?.(error));
  }

  function update(entry: Entry, changes: Partial<JobRecord>, event?: JobEvent['type']): void {
    entry.record = Object.freeze({ ...entry.record, ...changes });
    persist(entry.record);
    if (event) hub.emit({ type: event, job: entry.record } as JobEvent);
  }

  function checkIdle(): void {
    if (due.length > 0 || running > 0 || waitingRetries > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function pump(): void {
    while (!closed && running < concurrency && due.length > 0) {
      const id = due.shift() as string;
      const entry = entries.get(id);
      if (!entry || entry.record.status !== 'queued') continue;
      running++;
      void runAttempt(entry).finally(() => {
        running--;
        pump();
        checkIdle();
      });
    }
    checkIdle();
  }

  async function runAttempt(entry: Entry): Promise<void> {
    const handler = options.handlers[entry.record.kind];
    const controller = new AbortController();
    entry.controller = controller;
    const attempt = entry.record.attempts + 1;
    update(
      entry,
      {
        status: 'running',
        attempts: attempt,
        startedAt: entry.record.startedAt ?? clock(),
        error: null,
      },
      'progress',
    );
    const context: JobContext = {
      jobId: entry.record.id,
      signal: controller.signal,
      reportProgress(progress, message) {
        if (entry.controller !== controller || entry.record.status !== 'running') return;
        const clamped = Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
        update(entry, { progress: clamped, message: message ?? entry.record.message }, 'progress');
      },
    };
    try {
      if (!handler) throw new Error(`no handler for job kind ${entry.record.kind}`);
      const result = await withTimeout(
        handler(entry.record.payload, context),
        entry.timeoutMs,
        controller,
      );
      if (entry.record.status !== 'running') return; // cancelled meanwhile: drop the result
      update(
        entry,
        { status: 'completed', progress: 1, result: result ?? null, finishedAt: clock() },
        'completed',
      );
    } catch (error) {
      if (entry.record.status !== 'running') return;
      const message = error instanceof Error ? error.message : String(error);
      // Bad input fails the same way every time: no point retrying it.
      if (attempt < entry.maxAttempts && !closed && !(error instanceof InputError)) {
        scheduleRetry(entry, message, attempt);
      } else {
        update(entry, { status: 'failed', error: message, finishedAt: clock() }, 'failed');
      }
    } finally {
      if (entry.controller === controller) entry.controller = null;
    }
  }

  function scheduleRetry(entry: Entry, message: string, attempt: number): void {
    const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
    update(entry, { status: 'queued', error: message, message: `retry in ${delay} ms` });
    waitingRetries++;
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = null;
      waitingRetries--;
      if (entry.record.status === 'queued') due.push(entry.record.id);
      pump();
    }, delay);
  }

  return {
    async submit(kind: JobKind, payload: unknown, submit: SubmitOptions = {}): Promise<JobRecord> {
      if (closed) throw new Error('job queue is closed');
      if (!options.handlers[kind]) {
        throw new InputError('kind', kind, 'no worker handles this job kind here');
      }
      const attempts = submit.attempts ?? options.defaultAttempts ?? 1;
      if (!Number.isInteger(attempts) || attempts < 1) {
        throw new InputError('attempts', attempts, 'must be a whole number of at least 1');
      }
      const timeoutMs = submit.timeoutMs ?? options.defaultTimeoutMs;
      if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
        throw new InputError('timeoutMs', timeoutMs, 'must be a positive number of milliseconds');
      }
      const key = submit.idempotencyKey;
      if (key !== undefined) {
        const existing = byKey.get(key);
        const known = existing === undefined ? undefined : entries.get(existing);
        if (known) return known.record;
      }
      const record: JobRecord = Object.freeze({
        id: randomUUID(),
        kind,
        status: 'queued',
        progress: 0,
        message: null,
        payload,
        result: null,
        error: null,
        attempts: 0,
        userId: submit.userId ?? null,
        createdAt: clock(),
        startedAt: null,
        finishedAt: null,
      });
      const entry: Entry = {
        record,
        maxAttempts: attempts,
        timeoutMs,
        idempotencyKey: key,
        controller: null,
        retryTimer: null,
      };
      entries.set(record.id, entry);
      if (key !== undefined) byKey.set(key, record.id);
      persist(record);
      hub.emit({ type: 'queued', job: record });
      due.push(record.id);
      // Start on the next tick so the caller sees 'queued' before 'running'.
      queueMicrotask(pump);
      return record;
    },

    async get(id: string): Promise<JobRecord | null> {
      const entry = entries.get(id);
      if (entry) return entry.record;
      return options.persistence ? options.persistence.load(id) : null;
    },

    async list(filter: JobListFilter = {}): Promise<JobRecord[]> {
      const limit = filter.limit ?? 100;
      const live = [...entries.values()]
        .map((e) => e.record)
        .filter((r) => matches(r, filter))
        .reverse();
      if (!options.persistence || live.length >= limit) return live.slice(0, limit);
      // Older records from earlier processes come from the store; live ones win on conflict.
      const stored = await options.persistence.list(filter);
      const seen = new Set(live.map((r) => r.id));
      return [...live, ...stored.filter((r) => !seen.has(r.id))].slice(0, limit);
    },

    async cancel(id: string): Promise<boolean> {
      const entry = entries.get(id);
      if (!entry || FINISHED.has(entry.record.status)) return false;
      if (entry.retryTimer) {
        clearTimeout(entry.retryTimer);
        entry.retryTimer = null;
        waitingRetries--;
      }
      entry.controller?.abort(new Error('cancelled'));
      update(entry, { status: 'cancelled', finishedAt: clock() }, 'cancelled');
      checkIdle();
      return true;
    },

    onEvent(listener: (event: JobEvent) => void): () => void {
      return hub.subscribe(listener);
    },

    whenIdle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const entry of entries.values()) {
        if (entry.retryTimer) {
          clearTimeout(entry.retryTimer);
          entry.retryTimer = null;
          waitingRetries--;
        }
        entry.controller?.abort(new Error('queue closed'));
      }
      due.length = 0;
      await new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
      await persistChain;
      hub.clear();
    },
  };
}

function matches(record: JobRecord, filter: JobListFilter): boolean {
  if (filter.kind !== undefined && record.kind !== filter.kind) return false;
  if (filter.status !== undefined && record.status !== filter.status) return false;
  if (filter.userId !== undefined && record.userId !== filter.userId) return false;
  return true;
}

/** Rejects after `timeoutMs` and aborts the handler's signal, so it can stop its work. */
async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number | undefined,
  controller: AbortController,
): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${timeoutMs} ms`);
      // Reject first so the timeout, not the handler's reaction to the abort, is the reason.
      reject(error);
      controller.abort(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export { matches as recordMatchesFilter };
