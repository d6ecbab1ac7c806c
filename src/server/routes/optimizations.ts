import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../../domain/errors.ts';
import { prepareSweep } from '../../optimize/spec.ts';
import type { SweepBacktestSettings, SweepSpec } from '../../optimize/spec.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { backtestBody } from './backtests.ts';
import { jobView, jobViewSchema } from './jobs.ts';

/** One API sweep may try at most this many parameter sets (the CLI has no such cap). */
export const MAX_API_TRIALS = 20_000;

const gridSpec = z
  .string()
  .trim()
  .min(3)
  .max(500)
  .describe('NAME=START..END:STEP or NAME=A,B,C (as `microcap optimize --grid`)');

/** The sweep request: the backtest body's data and costs, plus what to sweep and how to rank. */
export const optimizationBody = backtestBody
  .pick({
    strategy: true,
    data: true,
    from: true,
    to: true,
    cash: true,
    sizing: true,
    costs: true,
    commission: true,
    slippageBps: true,
    spreadBps: true,
    participation: true,
    allowShort: true,
    riskFreeRate: true,
  })
  .extend({
    grid: z.array(gridSpec).min(1).max(6),
    /** Parameters held constant (the CLI's --param). */
    params: z
      .record(z.string().max(100), z.union([z.string().max(1_000), z.number(), z.boolean()]))
      .optional(),
    random: z.number().int().min(1).max(MAX_API_TRIALS).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional(),
    objective: z.string().trim().min(1).max(200).optional(),
    walkForward: z
      .object({
        inSample: z.number().int().min(20).max(100_000),
        outOfSample: z.number().int().min(5).max(100_000),
        anchored: z.boolean().optional(),
      })
      .optional(),
    top: z.number().int().min(1).max(500).optional(),
  });

export type OptimizationBody = z.infer<typeof optimizationBody>;

/** Maps the API body onto the optimize module's job-safe spec (the `optimisation` payload). */
export function sweepSpecFromBody(body: OptimizationBody): SweepSpec {
  const backtest: SweepBacktestSettings = {
    cash: body.cash,
    sizing: body.sizing,
    costs: body.costs,
    commission: body.commission,
    slippageBps: body.slippageBps,
    spreadBps: body.spreadBps,
    participation: body.participation,
    allowShort: body.allowShort,
    riskFreeRate: body.riskFreeRate,
  };
  const fixed = body.params
    ? Object.fromEntries(Object.entries(body.params).map(([k, v]) => [k, String(v)]))
    : undefined;
  return stripUndefined({
    strategy: body.strategy,
    data: body.data,
    from: body.from,
    to: body.to,
    backtest: stripUndefined(backtest),
    grid: body.grid,
    fixed,
    random: body.random,
    seed: body.seed,
    objective: body.objective,
    walkForward: body.walkForward,
    top: body.top ?? 20,
  });
}

// Job payloads are stored as JSON; leaving out absent keys keeps them short and stable.
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Submits parameter sweeps as `optimisation` jobs; progress and result come from /api/jobs. */
export async function optimizationRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { queue } = base.services;

  app.post(
    '/api/optimizations',
    {
      config: { permission: 'backtests:run' },
      schema: {
        tags: ['optimizations'],
        summary:
          'Submit a parameter sweep; poll /api/jobs/{jobId} or stream /api/events?jobId=… (result: ranked table, heatmap, overfitting statistics, walk-forward windows)',
        body: optimizationBody,
        response: { 202: z.object({ jobId: z.string(), job: jobViewSchema }) },
      },
    },
    async (request, reply) => {
      const { sub } = caller(request);
      const spec = sweepSpecFromBody(request.body);
      // Validate here (grid specs, constraints, objective, costs) so mistakes are a 400 now,
      // not a failed job later.
      const prepared = prepareSweep(spec);
      if (prepared.search.trials.length === 0) {
        throw new InputError('grid', spec.grid.join(' '), 'leaves no valid parameter set');
      }
      if (prepared.search.trials.length > MAX_API_TRIALS) {
        throw new InputError(
          'grid',
          spec.grid.join(' '),
          `has ${prepared.search.trials.length} parameter sets; the API runs at most ${MAX_API_TRIALS} (use --random or the CLI)`,
        );
      }
      const job = await queue.submit('optimisation', spec, { userId: sub });
      await recordAudit(request, 'optimization.submit', job.id, {
        strategy: spec.strategy,
        grid: spec.grid,
        trials: prepared.search.trials.length,
        data: spec.data,
      });
      return reply.code(202).send({ jobId: job.id, job: jobView(job) });
    },
  );
}
