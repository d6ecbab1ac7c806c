import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../request-context.ts';

/** The audit trail (compliance and admins): entries in order, and the chain verification. */
export async function auditRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { repos, audit } = base.services;

  app.get(
    '/api/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries in append order after `afterSeq`',
        querystring: z.object({
          afterSeq: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(1_000).optional(),
        }),
      },
    },
    async (request) => {
      const entries = await repos.audit.list({
        afterSeq: request.query.afterSeq,
        limit: request.query.limit ?? 100,
      });
      return entries.map((e) => ({ ...e, time: new Date(e.ts).toISOString() }));
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { permission: 'audit:verify' },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain; names the first edited, removed or reordered row',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            firstBad: z
              .object({ seq: z.number(), problem: z.string(), message: z.string() })
              .nullable(),
          }),
        },
      },
    },
    async (request) => {
      const result = await audit.verify();
      await recordAudit(request, 'audit.verify', null, {
        ok: result.ok,
        firstBad: result.firstBad?.seq ?? null,
      });
      return result;
    },
  );
}
