import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { isTradingDay } from '../market-data/calendar.ts';
import { latestOccurrence, localDate, parseCron } from './cron.ts';
import { paperDb } from './db-schema.ts';
import {
  claimScheduleRun,
  executeAndRecord,
  finishScheduleRun,
  listSchedules,
  type Schedule,
  type ScheduleDeps,
} from './schedules.ts';

/** What happened to one due occurrence in this process. */
export interface SchedulerEvent {
  readonly scheduleId: string;
  readonly name: string;
  readonly dueAt: number;
  readonly owner: string;
  /** ran: this process executed it; claim-lost: another process had claimed it first. */
  readonly outcome: 'ran' | 'claim-lost' | 'failed' | 'skipped';
  readonly summary?: unknown;
  readonly error?: string;
}

export interface SchedulerOptions {
  readonly deps: ScheduleDeps;
  /** With a URL, occurrences come from BullMQ job schedulers (one job per occurrence). */
  readonly redisUrl?: string;
  /** BullMQ key prefix (tests use a unique one). */
  readonly prefix?: string;
  /** How often schedules are re-read (and, in-process, checked for due times). Default 1 s. */
  readonly pollMs?: number;
  readonly onEvent?: (event: SchedulerEvent) => void;
  /** A poll that failed (database down, bad schedule): the scheduler keeps polling. */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

export interface Scheduler {
  readonly owner: string;
  readonly mode: 'in-process' | 'bullmq';
  stop(): Promise<void>;
}

/** Starts the scheduler that fits the configuration: BullMQ with Redis, else in-process. */
export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  return options.redisUrl ? startBullmqScheduler(options) : startInProcessScheduler(options);
}

const CATCH_UP_MS = 3 * 86_400_000;

/**
 * Runs one occurrence once: the database claim (primary key on schedule + due time) decides
 * which process runs it, so any number of processes sharing the database run it once.
 */
async function runOccurrence(
  options: SchedulerOptions,
  owner: string,
  schedule: Schedule,
  dueAt: number,
): Promise<void> {
  const db = paperDb(options.deps.store);
  const base = { scheduleId: schedule.id, name: schedule.name, dueAt, owner };
  if (!(await claimScheduleRun(db, schedule.id, dueAt, owner))) {
    options.onEvent?.({ ...base, outcome: 'claim-lost' });
    return;
  }
  const cron = parseCron(schedule.cron);
  if (cron.tradingDaysOnly && !isTradingDay(localDate(dueAt, schedule.timezone))) {
    await finishScheduleRun(db, schedule.id, dueAt, 'skipped', { reason: 'market closed' });
    options.onEvent?.({ ...base, outcome: 'skipped' });
    return;
  }
  try {
    const summary = await executeAndRecord(options.deps, schedule, dueAt);
    options.onEvent?.({ ...base, outcome: 'ran', summary });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    options.onEvent?.({ ...base, outcome: 'failed', error: message });
  }
}

/** Polls the schedules; the latest due occurrence of each not yet claimed is run. */
async function startInProcessScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const owner = `in-process:${randomUUID()}`;
  const now = options.now ?? Date.now;
  const db = paperDb(options.deps.store);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async (): Promise<void> => {
    const at = now();
    for (const schedule of await listSchedules(options.deps.store)) {
      if (!schedule.enabled) continue;
      const last = await db
        .selectFrom('schedule_runs')
        .select((eb) => eb.fn.max('due_at').as('due'))
        .where('schedule_id', '=', schedule.id)
        .executeTakeFirst();
      const lastDue = last?.due === null || last?.due === undefined ? -Infinity : Number(last.due);
      const since = Math.max(schedule.createdAt, lastDue, at - CATCH_UP_MS);
      const due = latestOccurrence(parseCron(schedule.cron), since, at, schedule.timezone);
      if (due !== null && due > lastDue) await runOccurrence(options, owner, schedule, due);
    }
  };
  const timer = setInterval(() => {
    running = running
      .then(() => (stopped ? undefined : tick()))
      .catch((error: unknown) => options.onError?.(error));
  }, options.pollMs ?? 1000);
  return {
    owner,
    mode: 'in-process',
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

const QUEUE = 'schedules';
const SCHEDULER_PREFIX = 'schedule:';

/** BullMQ's cron: six fields with seconds; @after-close is 16:30 Mon-Fri (holidays skipped). */
function bullPattern(schedule: Schedule): string {
  const cron = parseCron(schedule.cron);
  if (cron.tradingDaysOnly) return '0 30 16 * * 1-5';
  const fields = schedule.cron.trim().split(/\s+/);
  return fields.length === 5 ? `0 ${fields.join(' ')}` : fields.join(' ');
}

/**
 * One BullMQ job scheduler per enabled schedule, reconciled every poll. BullMQ makes one job
 * per occurrence whatever the number of processes, and one worker takes it; the database
 * claim stays as a second guard (a claim lost here would mean a duplicate delivery).
 */
async function startBullmqScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const owner = `bullmq:${randomUUID()}`;
  const url = options.redisUrl as string;
  const prefix = options.prefix ?? 'microcap';
  const queueConnection = new Redis(url, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE, { connection: queueConnection, prefix });
  const synced = new Map<string, string>();
  const sync = async (): Promise<void> => {
    const schedules = await listSchedules(options.deps.store);
    const wanted = new Set<string>();
    for (const s of schedules) {
      if (!s.enabled) continue;
      const key = SCHEDULER_PREFIX + s.id;
      wanted.add(key);
      const signature = `${bullPattern(s)}|${s.timezone}`;
      if (synced.get(key) === signature) continue;
      await queue.upsertJobScheduler(
        key,
        { pattern: bullPattern(s), tz: s.timezone },
        {
          name: 'schedule',
          data: { scheduleId: s.id },
          opts: { removeOnComplete: 1000, removeOnFail: 1000 },
        },
      );
      synced.set(key, signature);
    }
    for (const existing of await queue.getJobSchedulers()) {
      const key = existing.key;
      if (key.startsWith(SCHEDULER_PREFIX) && !wanted.has(key)) {
        await queue.removeJobScheduler(key);
        synced.delete(key);
      }
    }
  };
  await sync();
  const worker = new Worker(
    QUEUE,
    async (job: Job<{ scheduleId: string }>) => {
      const schedule = (await listSchedules(options.deps.store)).find(
        (s) => s.id === job.data.scheduleId,
      );
      if (!schedule || !schedule.enabled) return;
      await runOccurrence(options, owner, schedule, occurrenceTime(job));
    },
    { connection: workerConnection, prefix, concurrency: 1 },
  );
  let stopped = false;
  let syncing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    syncing = syncing
      .then(() => (stopped ? undefined : sync()))
      .catch((error: unknown) => options.onError?.(error));
  }, options.pollMs ?? 1000);
  return {
    owner,
    mode: 'bullmq',
    async stop() {
      stopped = true;
      clearInterval(timer);
      await syncing;
      await worker.close();
      await queue.close();
      await Promise.allSettled([queueConnection.quit(), workerConnection.quit()]);
    },
  };
}

/** The occurrence a scheduler job stands for: its id ends with the due time in ms. */
function occurrenceTime(job: Job): number {
  const match = /:(\d{10,})$/.exec(job.id ?? '');
  if (match) return Number(match[1]);
  return job.timestamp + (job.opts.delay ?? 0);
}
