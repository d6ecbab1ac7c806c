import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toIsoTime } from '../../domain/time.ts';
import { nextOccurrence, parseCron } from '../../signals/cron.ts';
import { paperDb } from '../../signals/db-schema.ts';
import {
  createSchedule,
  deleteSchedule,
  findSchedule,
  listScheduleRuns,
  listSchedules,
  setScheduleEnabled,
  type Schedule,
} from '../../signals/schedules.ts';
import { listSignals } from '../../signals/signal-store.ts';
import { seesAll } from '../permissions.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { limitQuery, nameParams, signalQuery } from './shared-schemas.ts';

function withNextRun(s: Schedule) {
  const next = s.enabled ? nextOccurrence(parseCron(s.cron), Date.now(), s.timezone) : null;
  return { ...s, nextRun: next === null ? null : toIsoTime(next) };
}

/**
 * Schedules (strategy configurations on a cron) and the pipeline's signals with the stage of
 * each rejection. Reading needs signals:read; changing schedules needs portfolios:write:own.
 */
export async function scheduleRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const store = base.services.store;

  app.get(
    '/api/schedules',
    {
      config: { permission: 'signals:read' },
      schema: { tags: ['schedules'], summary: 'Schedules with their next run' },
    },
    async () => (await listSchedules(store)).map(withNextRun),
  );

  app.post(
    '/api/schedules',
    {
      config: { permission: 'portfolios:write:own' },
      schema: {
        tags: ['schedules'],
        summary: 'Add a schedule (cron default @after-close, America/New_York)',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          strategy: z.string().min(1).optional(),
          params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
          config: z.string().min(1).optional(),
          symbols: z.array(z.string().min(1).max(32)).max(2000).optional(),
          universe: z.record(z.string(), z.union([z.number(), z.boolean()])).optional(),
          portfolio: z.string().min(1).nullable().optional(),
          cron: z.string().min(1).max(100).optional(),
          timezone: z.string().min(1).max(64).optional(),
          enabled: z.boolean().optional(),
        }),
      },
    },
    async (request, reply) => {
      const schedule = await createSchedule(store, request.body);
      await recordAudit(request, 'schedule.create', schedule.id, { name: schedule.name });
      return reply.code(201).send(withNextRun(schedule));
    },
  );

  app.patch(
    '/api/schedules/:name',
    {
      config: { permission: 'portfolios:write:own' },
      schema: {
        tags: ['schedules'],
        summary: 'Switch a schedule on or off',
        params: nameParams,
        body: z.object({ enabled: z.boolean() }),
      },
    },
    async (request) => {
      const schedule = await setScheduleEnabled(store, request.params.name, request.body.enabled);
      await recordAudit(request, 'schedule.update', schedule.id, { enabled: request.body.enabled });
      return withNextRun(schedule);
    },
  );

  app.delete(
    '/api/schedules/:name',
    {
      config: { permission: 'portfolios:write:own' },
      schema: { tags: ['schedules'], summary: 'Delete a schedule', params: nameParams },
    },
    async (request, reply) => {
      const schedule = await findSchedule(store, request.params.name);
      await deleteSchedule(store, schedule.id);
      await recordAudit(request, 'schedule.delete', schedule.id, { name: schedule.name });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/schedules/:name/runs',
    {
      config: { permission: 'signals:read' },
      schema: {
        tags: ['schedules'],
        summary: 'Past runs, newest first (who claimed each due time, what it did)',
        params: nameParams,
        querystring: z.object({ limit: limitQuery }),
      },
    },
    async (request) => {
      const schedule = await findSchedule(store, request.params.name);
      const runs = await listScheduleRuns(store, schedule.id, request.query.limit ?? 100);
      return runs.map((r) => ({ ...r, due: toIsoTime(r.dueAt) }));
    },
  );

  app.get(
    '/api/pipeline/signals',
    {
      config: { permission: 'signals:read' },
      schema: {
        tags: ['signals'],
        summary: 'Pipeline decisions: accepted, or rejected with the stage and the reason',
        querystring: signalQuery,
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const rows = await listSignals(paperDb(store), request.query);
      if (seesAll(role, 'portfolios:read')) return rows;
      // Signals of other users' portfolios stay private; schedule signals are for everyone.
      const own = new Set(
        (
          await paperDb(store)
            .selectFrom('portfolios')
            .select('id')
            .where('user_id', '=', sub)
            .execute()
        ).map((r) => r.id),
      );
      return rows.filter((r) => r.portfolioId === null || own.has(r.portfolioId));
    },
  );
}
