/** The jobs module: one JobQueue contract, an in-process and a BullMQ implementation. */
export type * from './types.ts';
export { createInProcessQueue, type InProcessJobQueue } from './in-process-queue.ts';
export type { InProcessQueueOptions } from './in-process-queue.ts';
export { createJobQueue, jobsPrefixFromEnv, type JobQueueConfig } from './create-queue.ts';
export { storeJobPersistence, type JobPersistence } from './persistence.ts';
export { waitForJob } from './wait.ts';
export { createJobHandlers, defaultWorkerId, type JobHandlerOptions } from './handlers.ts';
