import type { Store } from '../store/database.ts';
import type { JobTable } from '../store/schema.ts';
import type { JobKind, JobListFilter, JobRecord, JobStatus } from './types.ts';

/** Where a queue mirrors its records so they outlive the process. */
export interface JobPersistence {
  save(record: JobRecord): Promise<void>;
  load(id: string): Promise<JobRecord | null>;
  list(filter: JobListFilter): Promise<JobRecord[]>;
}

/**
 * The envelope kept in payload_json: the jobs table has no columns for the submitter, the
 * progress or the message, so they travel beside the payload (no schema change needed).
 */
interface StoredPayload {
  readonly payload: unknown;
  readonly userId: string | null;
  readonly progress: number;
  readonly message: string | null;
}

/** The store's `completed` is spelled `done` (JobRepository's vocabulary). */
const TO_ROW_STATUS: Readonly<Record<JobStatus, string>> = {
  queued: 'queued',
  running: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** Mirrors job records into the store's `jobs` table (SQLite, PostgreSQL or MySQL). */
export function storeJobPersistence(store: Store, worker = 'in-process'): JobPersistence {
  const db = store.db;
  return {
    async save(record) {
      const row = toRow(record, worker);
      // Portable upsert: update first, insert when no row was there (ids are unique UUIDs
      // written by one queue, so the two statements never race with another writer).
      const { id, ...rest } = row;
      const updated = await db
        .updateTable('jobs')
        .set(rest)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await db.insertInto('jobs').values(row).execute();
    },
    async load(id) {
      const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async list(filter) {
      let query = db.selectFrom('jobs').selectAll();
      if (filter.kind !== undefined) query = query.where('type', '=', filter.kind);
      if (filter.status !== undefined) {
        query = query.where('status', '=', TO_ROW_STATUS[filter.status]);
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.userId === undefined ? (filter.limit ?? 100) : 10_000)
        .execute();
      const records = rows.map(fromRow);
      const mine =
        filter.userId === undefined ? records : records.filter((r) => r.userId === filter.userId);
      return mine.slice(0, filter.limit ?? 100);
    },
  };
}

function toRow(record: JobRecord, worker: string): JobTable {
  const envelope: StoredPayload = {
    payload: record.payload ?? null,
    userId: record.userId,
    progress: record.progress,
    message: record.message,
  };
  return {
    id: record.id,
    type: record.kind,
    status: TO_ROW_STATUS[record.status],
    payload_json: JSON.stringify(envelope),
    result_json:
      record.result === null || record.result === undefined ? null : JSON.stringify(record.result),
    error: record.error,
    attempts: record.attempts,
    max_attempts: Math.max(1, record.attempts),
    run_at: record.createdAt,
    locked_by: record.status === 'running' ? worker : null,
    locked_at: record.startedAt,
    created_at: record.createdAt,
    updated_at: record.finishedAt ?? record.startedAt ?? record.createdAt,
  };
}

function fromRow(row: JobTable): JobRecord {
  const envelope = JSON.parse(row.payload_json) as Partial<StoredPayload> | null;
  const status = (row.status === 'done' ? 'completed' : row.status) as JobStatus;
  return {
    id: row.id,
    kind: row.type as JobKind,
    status,
    progress: Number(envelope?.progress ?? (status === 'completed' ? 1 : 0)),
    message: envelope?.message ?? null,
    payload: envelope?.payload ?? null,
    result: row.result_json === null ? null : (JSON.parse(row.result_json) as unknown),
    error: row.error,
    attempts: Number(row.attempts),
    userId: envelope?.userId ?? null,
    createdAt: Number(row.created_at),
    startedAt: row.locked_at === null ? null : Number(row.locked_at),
    finishedAt: status === 'queued' || status === 'running' ? null : Number(row.updated_at),
  };
}
