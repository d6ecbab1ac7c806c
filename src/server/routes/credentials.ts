import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../http-errors.ts';
import { recordAudit } from '../request-context.ts';
import { idParams } from './shared-schemas.ts';

const maskedSchema = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  provider: z.string(),
  label: z.string(),
  masked: z.string(),
  keyVersion: z.number(),
  updatedAt: z.number(),
});

/** Provider and LLM API keys (admins): stored encrypted, only ever shown masked. */
export async function credentialRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { vault } = base.services;

  app.get(
    '/api/credentials',
    {
      config: { permission: 'credentials:manage' },
      schema: {
        tags: ['credentials'],
        summary: 'Stored API keys, masked',
        response: { 200: z.array(maskedSchema) },
      },
    },
    async () => vault.list(),
  );

  app.put(
    '/api/credentials',
    {
      config: { permission: 'credentials:manage' },
      schema: {
        tags: ['credentials'],
        summary: 'Store or replace an API key (encrypted with AES-256-GCM under the master key)',
        body: z.object({
          provider: z.string().trim().min(1).max(64),
          label: z.string().trim().min(1).max(255).default('default'),
          value: z.string().min(1).max(4_096),
        }),
        response: { 200: maskedSchema },
      },
    },
    async (request) => {
      const { provider, label, value } = request.body;
      const stored = await vault.put(null, provider, label, value);
      await recordAudit(request, 'credential.put', stored.id, { provider, label });
      return stored;
    },
  );

  app.delete(
    '/api/credentials/:id',
    {
      config: { permission: 'credentials:manage' },
      schema: { tags: ['credentials'], summary: 'Delete a stored API key', params: idParams },
    },
    async (request, reply) => {
      if (!(await vault.delete(request.params.id))) throw notFound('credential');
      await recordAudit(request, 'credential.delete', request.params.id);
      return reply.code(204).send();
    },
  );
}
