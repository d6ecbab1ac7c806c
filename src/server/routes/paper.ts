import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toIsoDate } from '../../domain/time.ts';
import { storeBarSource } from '../../paper/bar-source.ts';
import { formatPortfolioCsv, formatTradeLogCsv } from '../../paper/experiment-csv.ts';
import { paperPerformance } from '../../paper/performance.ts';
import {
  createPaperPortfolio,
  listPaperAccounts,
  loadPaperAccount,
  openEngine,
  placePaperOrder,
  runPaperDay,
  type PaperAccount,
  type PaperDeps,
} from '../../paper/service.ts';
import { experimentLines } from '../../paper/transfer.ts';
import { paperDb } from '../../signals/db-schema.ts';
import { listSignals } from '../../signals/signal-store.ts';
import { notFound } from '../http-errors.ts';
import { canChangePortfolio, canOnObject, seesAll } from '../permissions.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { nameParams, signalQuery } from './shared-schemas.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/**
 * Paper portfolios: the daily routine, manual orders, positions, trade log, pipeline signals
 * (with the stage of each rejection), performance and the experiment's CSV files. A user sees
 * and trades their own portfolios; roles with portfolios:read:all see everyone's.
 */
export async function paperRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const services = base.services;
  const deps = (): PaperDeps => ({
    store: services.store,
    bars: storeBarSource(services.store),
    events: services.bus,
  });

  async function ownerOf(account: PaperAccount): Promise<string | null> {
    const row = await paperDb(services.store)
      .selectFrom('portfolios')
      .select('user_id')
      .where('id', '=', account.id)
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  /** The portfolio if the caller may read it (write: and change it); else 404. */
  async function visible(
    request: FastifyRequest,
    name: string,
    write = false,
  ): Promise<PaperAccount> {
    const { sub, role } = caller(request);
    let account: PaperAccount;
    try {
      account = await loadPaperAccount(paperDb(services.store), name);
    } catch {
      throw notFound('paper portfolio');
    }
    const owner = await ownerOf(account);
    const readable = canOnObject(role, sub, 'portfolios:read', owner);
    const writable = canChangePortfolio(role, sub, owner);
    if (!readable || (write && !writable)) throw notFound('paper portfolio');
    return account;
  }

  app.get(
    '/api/paper/portfolios',
    {
      config: { permission: 'portfolios:read:own' },
      schema: {
        tags: ['paper'],
        summary: 'Paper portfolios (yours, or all for roles that see all)',
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const all = seesAll(role, 'portfolios:read');
      const out = [];
      for (const account of await listPaperAccounts(deps())) {
        if (!all && (await ownerOf(account)) !== sub) continue;
        out.push({
          name: account.name,
          strategy: account.settings.strategy,
          symbols: account.settings.symbols,
          initialCash: account.initialCash,
          cash: account.state.cash,
          equity: account.state.equity === account.state.equity ? account.state.equity : null,
          lastRun:
            account.state.equity === account.state.equity
              ? toIsoDate(account.state.lastTime)
              : null,
        });
      }
      return out;
    },
  );

  app.post(
    '/api/paper/portfolios',
    {
      config: { permission: 'portfolios:write:own' },
      schema: {
        tags: ['paper'],
        summary: 'Create a paper portfolio (settings as in docs/paper-trading.md)',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          cash: z.number().positive().max(1e12),
          start: isoDate.optional(),
          settings: z.record(z.string(), z.unknown()).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { sub } = caller(request);
      const account = await createPaperPortfolio(deps(), { ...request.body, userId: sub });
      await recordAudit(request, 'paper.create', account.id, {
        name: account.name,
        cash: request.body.cash,
      });
      return reply
        .code(201)
        .send({ name: account.name, id: account.id, settings: account.settings });
    },
  );

  app.get(
    '/api/paper/portfolios/:name',
    {
      config: { permission: 'portfolios:read:own' },
      schema: {
        tags: ['paper'],
        summary: 'Cash, equity, positions, working orders and performance',
        params: nameParams,
      },
    },
    async (request) => {
      const account = await visible(request, request.params.name);
      const engine = await openEngine(deps(), account, account.state.lastTime);
      return {
        name: account.name,
        settings: account.settings,
        initialCash: account.initialCash,
        cash: engine.run.cash,
        equity: engine.run.equity(),
        lastRun:
          account.state.equity === account.state.equity ? toIsoDate(account.state.lastTime) : null,
        positions: engine.positions(),
        orders: engine.workingOrders().map((o) => ({
          id: o.id,
          symbol: o.symbol,
          role: o.role,
          side: o.side,
          type: o.type,
          stopPrice: o.stopPrice === o.stopPrice ? o.stopPrice : null,
          limitPrice: o.limitPrice === o.limitPrice ? o.limitPrice : null,
          reason: o.reason,
        })),
        performance: await paperPerformance(deps(), account),
      };
    },
  );

  app.post(
    '/api/paper/portfolios/:name/run',
    {
      config: { permission: 'portfolios:write:own' },
      schema: {
        tags: ['paper'],
        summary: 'The daily routine up to a date (idempotent per portfolio and date)',
        params: nameParams,
        body: z.object({ date: isoDate.optional() }).optional(),
      },
    },
    async (request) => {
      const account = await visible(request, request.params.name, true);
      const result = await runPaperDay(deps(), account.name, request.body?.date);
      await recordAudit(request, 'paper.run', account.id, {
        date: result.date,
        status: result.status,
      });
      return result;
    },
  );

  app.post(
    '/api/paper/portfolios/:name/orders',
    {
      config: { permission: 'portfolios:write:own' },
      schema: {
        tags: ['paper'],
        summary: 'A manual order: through the signal pipeline, fills from the next bar',
        params: nameParams,
        body: z.object({
          symbol: z.string().trim().min(1).max(32),
          side: z.enum(['buy', 'sell']),
          quantity: z.number().int().positive(),
          limit: z.number().positive().optional(),
          stop: z.number().positive().optional(),
        }),
      },
    },
    async (request, reply) => {
      const account = await visible(request, request.params.name, true);
      const decision = await placePaperOrder(deps(), account.name, request.body);
      await recordAudit(request, 'paper.order', account.id, {
        ...request.body,
        status: decision.status,
      });
      return reply.code(decision.status === 'accepted' ? 201 : 422).send(decision);
    },
  );

  app.get(
    '/api/paper/portfolios/:name/trade-log',
    {
      config: { permission: 'portfolios:read:own' },
      schema: { tags: ['paper'], summary: 'The trade log, oldest first', params: nameParams },
    },
    async (request) => {
      const account = await visible(request, request.params.name);
      const { trades } = await experimentLines(deps(), account.name);
      return trades.map((t) => ({ ...t, date: toIsoDate(t.time) }));
    },
  );

  app.get(
    '/api/paper/portfolios/:name/signals',
    {
      config: { permission: 'portfolios:read:own' },
      schema: {
        tags: ['paper'],
        summary:
          "The portfolio's signals: accepted, or rejected with the pipeline stage and reason",
        params: nameParams,
        querystring: signalQuery,
      },
    },
    async (request) => {
      const account = await visible(request, request.params.name);
      return listSignals(paperDb(services.store), { portfolioId: account.id, ...request.query });
    },
  );

  app.get(
    '/api/paper/portfolios/:name/export',
    {
      config: { permission: 'portfolios:read:own' },
      schema: {
        tags: ['paper'],
        summary: "The experiment's CSV: portfolio update or trade log",
        params: nameParams,
        querystring: z.object({ file: z.enum(['portfolio', 'trade-log']) }),
      },
    },
    async (request, reply) => {
      const account = await visible(request, request.params.name);
      const { days, trades } = await experimentLines(deps(), account.name);
      const csv =
        request.query.file === 'portfolio'
          ? formatPortfolioCsv(days, trades)
          : formatTradeLogCsv(trades);
      return reply.type('text/csv; charset=utf-8').send(csv);
    },
  );
}
