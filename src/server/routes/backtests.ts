import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BacktestRequest } from '../../app/backtest-run.ts';
import { listBacktests } from '../backtest-queries.ts';
import { validateBacktestRequest } from '../backtest-job.ts';
import type { BacktestJobPayload } from '../backtest-job.ts';
import { forbidden, notFound } from '../http-errors.ts';
import { ownerOf } from '../ownership.ts';
import { canOnObject, seesAll } from '../permissions.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { VersionedCache } from '../versioned-cache.ts';
import { idParams, limitQuery } from './shared-schemas.ts';
import { jobView, jobViewSchema } from './jobs.ts';

const symbolName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.^=_-]{0,31}$/, 'a ticker symbol (letters, digits, . ^ = _ -)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** The backtest request as the API accepts it: demo data or stored symbols, never file paths. */
export const backtestBody = z.object({
  strategy: z.string().min(1).max(100),
  params: z
    .record(z.string().max(100), z.union([z.string().max(1_000), z.number(), z.boolean()]))
    .optional(),
  data: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('demo'),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31)
        .optional(),
    }),
    z.object({ kind: z.literal('symbols'), symbols: z.array(symbolName).min(1).max(100) }),
  ]),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cash: z.number().positive().max(1e12).optional(),
  sizing: z.string().max(50).optional(),
  costs: z.enum(['default', 'none']).optional(),
  commission: z.string().max(100).optional(),
  slippageBps: z.number().min(0).max(10_000).optional(),
  spreadBps: z.number().min(0).max(10_000).optional(),
  participation: z.number().gt(0).max(1).optional(),
  benchmark: symbolName.optional(),
  allowShort: z.boolean().optional(),
  riskFreeRate: z.number().gt(-1).lt(1).optional(),
});

const listEntry = z.object({
  id: z.string(),
  ownerId: z.string().nullable(),
  createdAt: z.number(),
  strategy: z.string(),
  symbols: z.array(z.string()),
  start: z.string(),
  end: z.string(),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number().nullable()),
});

/** Submit (queued job), list, fetch and delete backtests; results are owned by the submitter. */
export async function backtestRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { repos, store, queue } = base.services;
  // List answers by (owner, filter, page), kept while the database is unchanged: any save,
  // delete or ownership change, in this process or another, makes them stale.
  // Kept as UTF-8 bytes: writing a cached string re-encodes it for the socket on every send.
  const listBody = new VersionedCache<Buffer>(store, {
    maxEntries: 1_000,
    maxSize: 32 * 2 ** 20,
    sizeOf: (body) => body.length,
  });

  app.post(
    '/api/backtests',
    {
      config: { permission: 'backtests:run' },
      schema: {
        tags: ['backtests'],
        summary: 'Submit a backtest; poll /api/jobs/{jobId} or stream /api/events?jobId=…',
        body: backtestBody,
        response: { 202: z.object({ jobId: z.string(), job: jobViewSchema }) },
      },
    },
    async (request, reply) => {
      const { sub } = caller(request);
      const backtest = request.body as BacktestRequest;
      validateBacktestRequest(backtest);
      const payload: BacktestJobPayload = { ...backtest, ownerId: sub };
      const job = await queue.submit('backtest', payload, { userId: sub });
      await recordAudit(request, 'backtest.submit', job.id, {
        strategy: backtest.strategy,
        data: backtest.data,
      });
      return reply.code(202).send({ jobId: job.id, job: jobView(job) });
    },
  );

  app.get(
    '/api/backtests',
    {
      config: { permission: 'backtests:read:own' },
      schema: {
        tags: ['backtests'],
        summary:
          'Saved backtest results, newest first, with headline metrics (everyone’s for roles that see all)',
        querystring: z.object({
          strategy: z.string().max(100).optional(),
          limit: limitQuery,
          offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
        }),
        response: { 200: z.array(listEntry) },
      },
      // The rows are built here from stored data: JSON text written once, no re-validation.
      serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
    },
    async (request, reply) => {
      const { sub, role } = caller(request);
      const { strategy } = request.query;
      const options = {
        ownerId: seesAll(role, 'backtests:read') ? undefined : sub,
        strategy,
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      };
      const key = JSON.stringify(options);
      const body = await listBody.get(key, async () =>
        Buffer.from(JSON.stringify(await listBacktests(store, options))),
      );
      // Pre-serialised JSON bytes: the untyped reply takes them for this JSON route.
      const untyped: FastifyReply = reply;
      return untyped.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get(
    '/api/backtests/:id',
    {
      config: { permission: 'backtests:read:own' },
      schema: {
        tags: ['backtests'],
        summary: 'One saved result: the full `backtest --json` document',
        params: idParams,
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const owner = await ownerOf(store, 'backtest_results', request.params.id);
      if (owner === undefined || !canOnObject(role, sub, 'backtests:read', owner)) {
        throw notFound('backtest');
      }
      const stored = await repos.backtests.get(request.params.id);
      if (!stored) throw notFound('backtest');
      return {
        id: stored.id,
        ownerId: owner,
        createdAt: stored.createdAt,
        result: stored.result,
        aiInsights: stored.aiInsights,
      };
    },
  );

  app.get(
    '/api/backtests/:id/report',
    {
      config: { permission: 'backtests:read:own' },
      schema: {
        tags: ['backtests'],
        summary: 'One saved result as the self-contained HTML report (charts, statistics, trades)',
        params: idParams,
        produces: ['text/html'],
      },
    },
    async (request, reply) => {
      const { sub, role } = caller(request);
      const owner = await ownerOf(store, 'backtest_results', request.params.id);
      if (owner === undefined || !canOnObject(role, sub, 'backtests:read', owner)) {
        throw notFound('backtest');
      }
      const stored = await repos.backtests.get(request.params.id);
      if (!stored) throw notFound('backtest');
      const [{ reportInputForStoredResult }, { renderHtmlReport }, { reportInsightsFromStored }] =
        await Promise.all([
          import('../../app/backtest-report.ts'),
          import('../../report/html.ts'),
          import('../../report/ai-insights.ts'),
        ]);
      const html = renderHtmlReport({
        ...(await reportInputForStoredResult(store, stored.result)),
        // The stored AI evaluation, if any, as an "AI analysis" section (escaped: LLM text).
        aiInsights: reportInsightsFromStored(stored.aiInsights),
      });
      return (
        reply
          .type('text/html; charset=utf-8')
          // The report is one self-contained page: its inline scripts and styles must run, and it
          // may load nothing else (the same policy as its own meta tag).
          .header(
            'content-security-policy',
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:",
          )
          .header('content-disposition', `inline; filename="backtest-${stored.id}.html"`)
          .send(html)
      );
    },
  );

  app.delete(
    '/api/backtests/:id',
    {
      config: { permission: 'backtests:delete:own' },
      schema: { tags: ['backtests'], summary: 'Delete a saved result', params: idParams },
    },
    async (request, reply) => {
      const { sub, role } = caller(request);
      const owner = await ownerOf(store, 'backtest_results', request.params.id);
      if (owner === undefined || !canOnObject(role, sub, 'backtests:read', owner)) {
        throw notFound('backtest');
      }
      if (!canOnObject(role, sub, 'backtests:delete', owner)) {
        throw forbidden('only the owner may delete this backtest');
      }
      await repos.backtests.delete(request.params.id);
      await recordAudit(request, 'backtest.delete', request.params.id);
      return reply.code(204).send();
    },
  );
}
