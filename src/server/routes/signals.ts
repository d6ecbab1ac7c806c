import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseIsoDate } from '../../domain/time.ts';
import { limitQuery } from './shared-schemas.ts';

/** Signals from the pipeline, accepted and rejected, newest bar first. */
export async function signalRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { repos } = base.services;
  const date = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional();

  app.get(
    '/api/signals',
    {
      config: { permission: 'signals:read' },
      schema: {
        tags: ['signals'],
        summary: 'Signals, filtered by symbol, status and date range',
        querystring: z.object({
          symbol: z.string().max(32).optional(),
          status: z.string().max(32).optional(),
          from: date,
          to: date,
          limit: limitQuery,
        }),
      },
    },
    async (request) => {
      const q = request.query;
      const signals = await repos.signals.list({
        symbol: q.symbol?.trim().toUpperCase(),
        status: q.status,
        from: q.from === undefined ? undefined : parseIsoDate(q.from, 'from'),
        to: q.to === undefined ? undefined : parseIsoDate(q.to, 'to'),
        limit: q.limit ?? 100,
      });
      return signals.map((s) => ({ ...s, time: new Date(s.ts).toISOString() }));
    },
  );
}
