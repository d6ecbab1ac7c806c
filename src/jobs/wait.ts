import type { JobQueue, JobRecord } from './types.ts';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

type Waiter = (record: JobRecord) => void;

/**
 * One event subscription per queue, dispatching by job id: waiting for thousands of jobs (a
 * fanned-out sweep) costs O(1) per event instead of one listener call per waiting job.
 */
const registries = new WeakMap<JobQueue, Map<string, Set<Waiter>>>();

function registry(queue: JobQueue): Map<string, Set<Waiter>> {
  let waiters = registries.get(queue);
  if (!waiters) {
    const byId = new Map<string, Set<Waiter>>();
    queue.onEvent((event) => {
      if (!FINISHED.has(event.job.status)) return;
      const set = byId.get(event.job.id);
      if (!set) return;
      byId.delete(event.job.id);
      for (const waiter of set) waiter(event.job);
    });
    registries.set(queue, byId);
    waiters = byId;
  }
  return waiters;
}

/** Resolves with the job's record once it has completed, failed or been cancelled. */
export function waitForJob(queue: JobQueue, id: string, signal?: AbortSignal): Promise<JobRecord> {
  const byId = registry(queue);
  return new Promise((resolve, reject) => {
    let settled = false;
    const forget = (): void => {
      const set = byId.get(id);
      set?.delete(finish);
      if (set?.size === 0) byId.delete(id);
    };
    const finish: Waiter = (record) => {
      if (settled) return;
      settled = true;
      forget();
      resolve(record);
    };
    let set = byId.get(id);
    if (!set) {
      set = new Set();
      byId.set(id, set);
    }
    set.add(finish);
    signal?.addEventListener('abort', () => {
      if (settled) return;
      settled = true;
      forget();
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
    // The job may have finished before we subscribed.
    queue.get(id).then(
      (record) => {
        if (record && FINISHED.has(record.status)) finish(record);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        forget();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
