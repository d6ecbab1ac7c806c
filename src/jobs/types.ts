/**
 * The job queue contract shared by the API (submits and watches jobs), the CLI worker and the
 * two implementations: in-process (embedded default) and BullMQ on Redis.
 */

export type JobKind = 'backtest' | 'optimisation' | 'data-fetch' | 'paper-run' | 'ai-analysis';

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobRecord {
  readonly id: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  /** 0..1 */
  readonly progress: number;
  readonly message: string | null;
  readonly payload: unknown;
  readonly result: unknown;
  readonly error: string | null;
  readonly attempts: number;
  /** Who submitted it (for object-level access checks); null for system jobs. */
  readonly userId: string | null;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export type JobEvent =
  | { readonly type: 'queued'; readonly job: JobRecord }
  | { readonly type: 'progress'; readonly job: JobRecord }
  | { readonly type: 'completed'; readonly job: JobRecord }
  | { readonly type: 'failed'; readonly job: JobRecord }
  | { readonly type: 'cancelled'; readonly job: JobRecord };

export interface SubmitOptions {
  readonly userId?: string | null;
  /** Two submissions with the same key return the same job (no duplicate work). */
  readonly idempotencyKey?: string;
  readonly timeoutMs?: number;
  /** Total attempts including the first (retries with backoff on failure). */
  readonly attempts?: number;
}

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  reportProgress(progress: number, message?: string): void;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<unknown>;

export type JobHandlers = Partial<Readonly<Record<JobKind, JobHandler>>>;

export interface JobListFilter {
  readonly kind?: JobKind;
  readonly status?: JobStatus;
  readonly userId?: string;
  readonly limit?: number;
}

export interface JobQueue {
  submit(kind: JobKind, payload: unknown, options?: SubmitOptions): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | null>;
  list(filter?: JobListFilter): Promise<JobRecord[]>;
  /** Cancels a queued or running job; false when it had already finished or is unknown. */
  cancel(id: string): Promise<boolean>;
  /** Subscribes to job events; returns the unsubscribe function. */
  onEvent(listener: (event: JobEvent) => void): () => void;
  close(): Promise<void>;
}
