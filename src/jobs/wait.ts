import type { JobQueue, JobRecord } from './types.ts';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** Resolves with the job's record once it has completed, failed or been cancelled. */
export function waitForJob(queue: JobQueue, id: string, signal?: AbortSignal): Promise<JobRecord> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (record: JobRecord): void => {
      if (settled) return;
      settled = true;
      unsubscribe();
      resolve(record);
    };
    const unsubscribe = queue.onEvent((event) => {
      if (event.job.id === id && FINISHED.has(event.job.status)) finish(event.job);
    });
    signal?.addEventListener('abort', () => {
      if (settled) return;
      settled = true;
      unsubscribe();
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
        unsubscribe();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
