import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Portfolio } from '../../store/repositories/portfolio-repository.ts';
import { notFound } from '../http-errors.ts';
import { canOnObject, seesAll } from '../permissions.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { idParams } from './shared-schemas.ts';

const portfolioSchema = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  name: z.string(),
  currency: z.string(),
  initialCash: z.number(),
  cash: z.number(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** Paper-trading portfolios and their positions; a user sees their own unless the role sees all. */
export async function portfolioRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { repos } = base.services;

  async function visible(id: string, sub: string, role: string): Promise<Portfolio> {
    const portfolio = await repos.portfolios.get(id);
    // Someone else's portfolio answers exactly like a missing one.
    if (!portfolio || !canOnObject(role, sub, 'portfolios:read', portfolio.userId)) {
      throw notFound('portfolio');
    }
    return portfolio;
  }

  app.get(
    '/api/portfolios',
    {
      config: { permission: 'portfolios:read:own' },
      schema: {
        tags: ['portfolios'],
        summary: 'Portfolios',
        response: { 200: z.array(portfolioSchema) },
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      return repos.portfolios.list(seesAll(role, 'portfolios:read') ? undefined : sub);
    },
  );

  app.post(
    '/api/portfolios',
    {
      config: { permission: 'portfolios:write:own' },
      schema: {
        tags: ['portfolios'],
        summary: 'Open a paper-trading portfolio (owned by the caller)',
        body: z.object({
          name: z.string().trim().min(1).max(255),
          initialCash: z.number().positive().max(1e12),
          currency: z
            .string()
            .regex(/^[A-Z]{3}$/, 'an ISO currency code such as USD')
            .optional(),
        }),
        response: { 201: portfolioSchema },
      },
    },
    async (request, reply) => {
      const { sub } = caller(request);
      const created = await repos.portfolios.create({ ...request.body, userId: sub });
      await recordAudit(request, 'portfolio.create', created.id, {
        name: created.name,
        initialCash: created.initialCash,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/portfolios/:id',
    {
      config: { permission: 'portfolios:read:own' },
      schema: {
        tags: ['portfolios'],
        summary: 'One portfolio',
        params: idParams,
        response: { 200: portfolioSchema },
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      return visible(request.params.id, sub, role);
    },
  );

  app.get(
    '/api/portfolios/:id/positions',
    {
      config: { permission: 'portfolios:read:own' },
      schema: { tags: ['portfolios'], summary: 'Open positions of a portfolio', params: idParams },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const portfolio = await visible(request.params.id, sub, role);
      return repos.portfolios.listPositions(portfolio.id);
    },
  );
}
