import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';

const checkSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
});

async function timed(check: () => Promise<unknown>): Promise<z.infer<typeof checkSchema>> {
  const start = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('timed out after 2 s')), 2_000).unref(),
      ),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - start) * 10) / 10 };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round((performance.now() - start) * 10) / 10,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Liveness, readiness (database and Redis) and Prometheus metrics, outside /api. */
export async function healthRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { store, redis, metrics } = base.services;

  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get(
    '/ready',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Readiness: database and (when configured) Redis answer; 503 otherwise',
        security: [],
        response: {
          200: z.object({
            ready: z.boolean(),
            database: checkSchema,
            redis: checkSchema.nullable(),
          }),
          503: z.object({
            ready: z.boolean(),
            database: checkSchema,
            redis: checkSchema.nullable(),
          }),
        },
      },
    },
    async (_request, reply) => {
      const database = await timed(() => sql`select 1`.execute(store.db));
      const redisCheck = redis ? await timed(() => redis.ping()) : null;
      const ready = database.ok && (redisCheck?.ok ?? true);
      return reply.code(ready ? 200 : 503).send({ ready, database, redis: redisCheck });
    },
  );

  app.get(
    '/metrics',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (text exposition format)',
        security: [],
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
