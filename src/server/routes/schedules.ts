import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toIsoTime } from '../../domain/time.ts';
import { storeBarSource } from '../../paper/bar-source.ts';
import { nextOccurrence, parseCron } from '../../signals/cron.ts';
import { paperDb } from '../../signals/db-schema.ts';
import {
  claimScheduleRun,
  createSchedule,
  deleteSchedule,
  executeAndRecord,
  findSchedule,
  listScheduleRuns,
  listSchedules,
  updateSchedule,
  type Schedule,
} from '../../signals/schedules.ts';
import { listSignals } from '../../signals/signal-store.ts';
import { HttpError, notFound } from '../http-errors.ts';
import { canChangePortfolio, seesAll } from '../permissions.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { limitQuery, nameParams, signalQuery } from './shared-schemas.ts';

function withNextRun(s: Schedule) {
  const next = s.enabled ? nextOccurrence(parseCron(s.cron), Date.now(), s.timezone) : null;
  return { ...s, nextRun: next === null ? null : toIsoTime(next) };
}

/** The fields of a schedule as the API takes them (the domain checks them in full). */
const scheduleFields = {
  strategy: z.string().min(1).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  config: z.string().min(1).optional(),
  symbols: z.array(z.string().min(1).max(32)).max(2000).optional(),
  universe: z.record(z.string(), z.union([z.number(), z.boolean()])).optional(),
  portfolio: z.string().min(1).nullable().optional(),
  cron: z.string().min(1).max(100).optional(),
  timezone: z.string().min(1).max(64).optional(),
  enabled: z.boolean().optional(),
};

/**
 * Schedules (strategy configurations on a cron) and the pipeline's signals with the stage of
 * each rejection. Reading needs signals:read; changing schedules needs portfolios:write:own,
 * and a schedule that runs a paper portfolio may only be pointed at, changed or run by someone
 * who may change that portfolio (its owner, or a role that sees every portfolio).
 */
export async function scheduleRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { store, bus } = base.services;

  /** 404 (as the paper routes answer) unless the caller may change the portfolio. */
  async function checkPortfolioWritable(
    request: FastifyRequest,
    by: { name: string } | { id: string },
  ): Promise<void> {
    const { sub, role } = caller(request);
    const query = paperDb(store).selectFrom('portfolios').select('user_id');
    const row = await (
      'name' in by ? query.where('name', '=', by.name) : query.where('id', '=', by.id)
    ).executeTakeFirst();
    // A missing portfolio is left to the schedule's own check, which names the field.
    if (row && !canChangePortfolio(role, sub, row.user_id)) {
      throw notFound('paper portfolio');
    }
  }

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
        body: z.object({ name: z.string().trim().min(1).max(100), ...scheduleFields }),
      },
    },
    async (request, reply) => {
      const { portfolio } = request.body;
      if (portfolio) await checkPortfolioWritable(request, { name: portfolio });
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
        summary:
          'Change a schedule: any of its fields (e.g. { "enabled": false }); the result is checked as on creation',
        params: nameParams,
        body: z
          .object({ name: z.string().trim().min(1).max(100).optional(), ...scheduleFields })
          .strict(),
      },
    },
    async (request) => {
      const current = await findSchedule(store, request.params.name);
      if (current.portfolioId) await checkPortfolioWritable(request, { id: current.portfolioId });
      const { portfolio } = request.body;
      if (portfolio) await checkPortfolioWritable(request, { name: portfolio });
      const schedule = await updateSchedule(store, current.id, request.body);
      await recordAudit(request, 'schedule.update', schedule.id, {
        name: schedule.name,
        changes: request.body,
      });
      return withNextRun(schedule);
    },
  );

  app.post(
    '/api/schedules/:name/run',
    {
      config: { permission: 'portfolios:write:own' },
      schema: {
        tags: ['schedules'],
        summary:
          'Run a schedule now, once (claimed like a due time; recorded in its runs), and answer its summary',
        params: nameParams,
      },
    },
    async (request) => {
      const schedule = await findSchedule(store, request.params.name);
      if (schedule.portfolioId) await checkPortfolioWritable(request, { id: schedule.portfolioId });
      const dueAt = Date.now();
      const owner = `api:${caller(request).sub}`;
      if (!(await claimScheduleRun(paperDb(store), schedule.id, dueAt, owner))) {
        throw new HttpError(409, `schedule ${schedule.name} is already running for this moment`);
      }
      const summary = await executeAndRecord(
        { store, bars: storeBarSource(store), events: bus },
        schedule,
        dueAt,
      );
      await recordAudit(request, 'schedule.run', schedule.id, { name: schedule.name });
      return { name: schedule.name, due: toIsoTime(dueAt), status: 'completed', summary };
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
      if (schedule.portfolioId) await checkPortfolioWritable(request, { id: schedule.portfolioId });
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
