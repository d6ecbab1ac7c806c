import type { Store } from '../database.ts';
import { newId, num, numOrNull } from '../ids.ts';
import { fromJsonText, fromNullableJsonText, toJsonText } from '../json.ts';
import type { JobTable } from '../schema.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  readonly id: string;
  readonly type: string;
  readonly status: JobStatus;
  readonly payload: unknown;
  readonly result: unknown;
  readonly error: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: number;
  readonly lockedBy: string | null;
  readonly lockedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * Durable jobs for the embedded queue. claimNext is safe with several workers on one database:
 * the claim is a conditional UPDATE, and only the worker whose update hit the row owns it.
 */
export class JobRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async enqueue(
    job: { type: string; payload: unknown; runAt?: number; maxAttempts?: number },
    now = Date.now(),
  ): Promise<Job> {
    const row: JobTable = {
      id: newId(),
      type: job.type,
      status: 'queued',
      payload_json: toJsonText(job.payload ?? null),
      result_json: null,
      error: null,
      attempts: 0,
      max_attempts: job.maxAttempts ?? 3,
      run_at: job.runAt ?? now,
      locked_by: null,
      locked_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.#store.db.insertInto('jobs').values(row).execute();
    return toJob(row);
  }

  async get(id: string): Promise<Job | null> {
    const row = await this.#store.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toJob(row) : null;
  }

  async list(options: { status?: JobStatus; limit?: number } = {}): Promise<Job[]> {
    let query = this.#store.db.selectFrom('jobs').selectAll();
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toJob);
  }

  /** Takes the oldest due queued job for `worker`, or returns null when none is due. */
  async claimNext(
    worker: string,
    now = Date.now(),
    types?: readonly string[],
  ): Promise<Job | null> {
    for (let tries = 0; tries < 5; tries++) {
      let query = this.#store.db
        .selectFrom('jobs')
        .select(['id', 'attempts'])
        .where('status', '=', 'queued')
        .where('run_at', '<=', now);
      if (types && types.length > 0) query = query.where('type', 'in', [...types]);
      const candidate = await query
        .orderBy('run_at')
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return null;
      const result = await this.#store.db
        .updateTable('jobs')
        .set({
          status: 'running',
          locked_by: worker,
          locked_at: now,
          attempts: num(candidate.attempts) + 1,
          updated_at: now,
        })
        .where('id', '=', candidate.id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return this.get(candidate.id);
      // Another worker won this one; look again.
    }
    return null;
  }

  async complete(id: string, result: unknown, now = Date.now()): Promise<void> {
    await this.#store.db
      .updateTable('jobs')
      .set({ status: 'done', result_json: toJsonText(result ?? null), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Records the error; requeues at `retryAt` while attempts remain, else marks it failed. */
  async fail(id: string, error: string, retryAt: number, now = Date.now()): Promise<JobStatus> {
    const job = await this.get(id);
    if (!job) return 'failed';
    const status: JobStatus = job.attempts < job.maxAttempts ? 'queued' : 'failed';
    await this.#store.db
      .updateTable('jobs')
      .set({ status, error, run_at: retryAt, locked_by: null, locked_at: null, updated_at: now })
      .where('id', '=', id)
      .execute();
    return status;
  }
}

function toJob(row: JobTable): Job {
  return {
    id: row.id,
    type: row.type,
    status: row.status as JobStatus,
    payload: fromJsonText(row.payload_json),
    result: fromNullableJsonText(row.result_json),
    error: row.error,
    attempts: num(row.attempts),
    maxAttempts: num(row.max_attempts),
    runAt: num(row.run_at),
    lockedBy: row.locked_by,
    lockedAt: numOrNull(row.locked_at),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}
