import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../../domain/errors.ts';
import { createStrategy, listStrategies } from '../../strategies/registry.ts';
import { strategyToJson } from '../../cli/commands/strategies.ts';
import type { StrategyConfig } from '../../store/repositories/strategy-config-repository.ts';
import { notFound } from '../http-errors.ts';
import { idsOwnedBy, ownerOf, setOwner } from '../ownership.ts';
import { canOnObject, seesAll } from '../permissions.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { idParams } from './shared-schemas.ts';

const paramValues = z.record(
  z.string().max(100),
  z.union([z.string().max(1_000), z.number(), z.boolean()]),
);

const configBody = z.object({
  name: z.string().trim().min(1).max(255),
  strategyId: z.string().min(1).max(100),
  description: z.string().max(10_000).nullable().optional(),
  params: paramValues.default({}),
});

const configSchema = z.object({
  id: z.string(),
  name: z.string(),
  strategyId: z.string(),
  description: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  ownerId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

function withOwner(config: StrategyConfig, ownerId: string | null) {
  return { ...config, ownerId };
}

/** Validates the strategy id and its parameters (unknown strategy or bad value -> 400). */
function checkStrategyParams(
  strategyId: string,
  params: Record<string, string | number | boolean>,
) {
  createStrategy(strategyId, params);
}

/** The strategy catalogue and saved configurations (owned by their creator). */
export async function strategyRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { repos, store } = base.services;

  async function loadConfig(
    id: string,
    userId: string,
    role: string,
    action: 'strategy-configs:read' | 'strategy-configs:write',
  ) {
    const owner = await ownerOf(store, 'strategies', id);
    if (owner === undefined || !canOnObject(role, userId, action, owner))
      throw notFound('strategy configuration');
    const config = await repos.strategies.get(id);
    if (!config) throw notFound('strategy configuration');
    return { config, owner };
  }

  app.get(
    '/api/strategies',
    {
      config: { permission: 'strategies:read' },
      schema: { tags: ['strategies'], summary: 'The strategy catalogue with parameter ranges' },
    },
    async () => listStrategies().map(strategyToJson),
  );

  app.get(
    '/api/strategy-configs',
    {
      config: { permission: 'strategy-configs:read:own' },
      schema: {
        tags: ['strategies'],
        summary: 'Saved strategy configurations',
        response: { 200: z.array(configSchema) },
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const all = await repos.strategies.list();
      if (seesAll(role, 'strategy-configs:read')) {
        const owners = await Promise.all(all.map((c) => ownerOf(store, 'strategies', c.id)));
        return all.map((c, i) => withOwner(c, owners[i] ?? null));
      }
      const mine = await idsOwnedBy(store, 'strategies', sub);
      return all.filter((c) => mine.has(c.id)).map((c) => withOwner(c, sub));
    },
  );

  app.post(
    '/api/strategy-configs',
    {
      config: { permission: 'strategy-configs:write:own' },
      schema: {
        tags: ['strategies'],
        summary: 'Save a configuration',
        body: configBody,
        response: { 201: configSchema },
      },
    },
    async (request, reply) => {
      const { sub } = caller(request);
      const body = request.body;
      checkStrategyParams(body.strategyId, body.params);
      if (await repos.strategies.findByName(body.name)) {
        throw new InputError('name', body.name, 'a configuration with this name exists');
      }
      const created = await repos.strategies.create(body);
      await setOwner(store, 'strategies', created.id, sub);
      await recordAudit(request, 'strategy-config.create', created.id, {
        name: body.name,
        strategyId: body.strategyId,
      });
      return reply.code(201).send(withOwner(created, sub));
    },
  );

  app.get(
    '/api/strategy-configs/:id',
    {
      config: { permission: 'strategy-configs:read:own' },
      schema: {
        tags: ['strategies'],
        summary: 'One configuration',
        params: idParams,
        response: { 200: configSchema },
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const { config, owner } = await loadConfig(
        request.params.id,
        sub,
        role,
        'strategy-configs:read',
      );
      return withOwner(config, owner ?? null);
    },
  );

  app.put(
    '/api/strategy-configs/:id',
    {
      config: { permission: 'strategy-configs:write:own' },
      schema: {
        tags: ['strategies'],
        summary: 'Replace a configuration',
        params: idParams,
        body: configBody,
        response: { 200: configSchema },
      },
    },
    async (request) => {
      const { sub, role } = caller(request);
      const { owner } = await loadConfig(request.params.id, sub, role, 'strategy-configs:write');
      const body = request.body;
      checkStrategyParams(body.strategyId, body.params);
      const clash = await repos.strategies.findByName(body.name);
      if (clash && clash.id !== request.params.id) {
        throw new InputError('name', body.name, 'a configuration with this name exists');
      }
      const updated = await repos.strategies.update(request.params.id, {
        name: body.name,
        strategyId: body.strategyId,
        description: body.description ?? null,
        params: body.params,
      });
      if (!updated) throw notFound('strategy configuration');
      await recordAudit(request, 'strategy-config.update', updated.id, {
        name: body.name,
        strategyId: body.strategyId,
      });
      return withOwner(updated, owner ?? null);
    },
  );

  app.delete(
    '/api/strategy-configs/:id',
    {
      config: { permission: 'strategy-configs:write:own' },
      schema: { tags: ['strategies'], summary: 'Delete a configuration', params: idParams },
    },
    async (request, reply) => {
      const { sub, role } = caller(request);
      await loadConfig(request.params.id, sub, role, 'strategy-configs:write');
      await repos.strategies.delete(request.params.id);
      await recordAudit(request, 'strategy-config.delete', request.params.id);
      return reply.code(204).send();
    },
  );
}
