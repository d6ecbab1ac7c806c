import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AnyBusEvent } from '../../infra/event-bus.ts';
import type { JobEvent, JobRecord } from '../../jobs/types.ts';
import { forbidden, notFound } from '../http-errors.ts';
import { can, canOnObject, seesAll } from '../permissions.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { idParams, limitQuery } from './shared-schemas.ts';

const JOB_KINDS = ['backtest', 'optimisation', 'data-fetch', 'paper-run', 'ai-analysis'] as const;
const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

export const jobViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  progress: z.number(),
  message: z.string().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  attempts: z.number(),
  userId: z.string().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});

/** A job as the API shows it (the payload stays server-side). */
export function jobView(job: JobRecord): z.infer<typeof jobViewSchema> {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    message: job.message,
    result: job.result ?? null,
    error: job.error,
    attempts: job.attempts,
    userId: job.userId,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

const HEARTBEAT_MS = 15_000;

/** Job status, cancel, and the server-sent-events stream of job progress and bus events. */
export async function jobRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { queue, bus } = base.services;

  async function visibleJob(id: string, sub: string, role: string): Promise<JobRecord> {
    const job = await queue.get(id);
    if (!job || !canOnObject(role, sub, 'jobs:read', job.userId)) throw notFound('job');
    return job;
  }

  app.get(
    '/api/jobs',
    {
      config: { permission: 'jobs:read:own' },
      schema: {
        tags: ['jobs'],
        summary: 'Jobs, newest first (own jobs unless the role sees all)',
        querystring: z.object({
          kind: z.enum(JOB_KINDS).optional(),
          status: z.enum(JOB_STATUSES).optional(),
          limit: limitQuery,
        }),
        response: { 200: z.array(jobViewSchema) },
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const jobs = await queue.list({
        kind: request.query.kind,
        status: request.query.status,
        limit: request.query.limit ?? 100,
        userId: seesAll(role, 'jobs:read') ? undefined : sub,
      });
      return jobs.map(jobView);
    },
  );

  app.get(
    '/api/jobs/:id',
    {
      config: { permission: 'jobs:read:own' },
      schema: {
        tags: ['jobs'],
        summary: 'One job’s status, progress and result',
        params: idParams,
        response: { 200: jobViewSchema },
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      return jobView(await visibleJob(request.params.id, sub, role));
    },
  );

  app.delete(
    '/api/jobs/:id',
    {
      config: { permission: 'backtests:run' },
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a queued or running job (its owner, or an admin)',
        params: idParams,
        response: { 200: z.object({ cancelled: z.boolean() }) },
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const job = await visibleJob(request.params.id, sub, role);
      if (job.userId !== sub && !can(role, 'backtests:delete:all')) {
        throw forbidden('only the submitter may cancel this job');
      }
      const cancelled = await queue.cancel(job.id);
      await recordAudit(request, 'job.cancel', job.id, { cancelled });
      return { cancelled };
    },
  );

  app.get(
    '/api/events',
    {
      config: { permission: 'events:stream' },
      schema: {
        tags: ['jobs'],
        summary:
          'Server-sent events: `job` (queued/progress/completed/failed/cancelled) and `bus` ' +
          '(BacktestCompleted, SignalGenerated, …). With jobId, only that job, ending when it ends.',
        querystring: z.object({ jobId: z.string().max(64).optional() }),
      },
    },
    async (request, reply) => {
      const { sub, role } = caller(request);
      const { jobId } = request.query;
      const first = jobId === undefined ? null : await visibleJob(jobId, sub, role);
      const seesAllJobs = seesAll(role, 'jobs:read');
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...replyHeaders(reply),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let closed = false;
      const cleanups: (() => void)[] = [];
      const close = () => {
        if (closed) return;
        closed = true;
        for (const cleanup of cleanups) cleanup();
        raw.end();
      };
      const send = (event: string, data: unknown) => {
        if (!closed) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      request.raw.on('close', close);
      raw.write(': connected\n\n');
      if (first) {
        send('job', { type: 'snapshot', job: jobView(first) });
        if (TERMINAL.has(first.status)) return close();
      }
      cleanups.push(
        queue.onEvent((event: JobEvent) => {
          const job = event.job;
          if (jobId !== undefined && job.id !== jobId) return;
          if (!seesAllJobs && job.userId !== sub) return;
          send('job', { type: event.type, job: jobView(job) });
          if (jobId !== undefined && TERMINAL.has(job.status)) setImmediate(close);
        }),
      );
      if (jobId === undefined) {
        cleanups.push(
          bus.subscribeAll((event: AnyBusEvent) => {
            const owner = (event.payload as { userId?: string | null }).userId;
            if (owner !== undefined && !seesAllJobs && owner !== sub) return;
            send('bus', event);
          }),
        );
      }
      const heartbeat = setInterval(() => {
        if (!closed) raw.write(': keep-alive\n\n');
      }, HEARTBEAT_MS);
      heartbeat.unref();
      cleanups.push(() => clearInterval(heartbeat));
      // Checked again after subscribing: the job may have finished in between.
      if (first) {
        const now = await queue.get(first.id);
        if (now && TERMINAL.has(now.status)) {
          send('job', { type: now.status, job: jobView(now) });
          close();
        }
      }
    },
  );
}

/** The headers the hooks set on a reply (security headers, request id, rate-limit counts). */
function replyHeaders(reply: FastifyReply): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) out[name] = value;
  }
  return out;
}
