import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/infra/logger.ts';
import { createKeyring, parseMasterKey } from '../../src/infra/secrets.ts';
import { createJobHandlers } from '../../src/jobs/handlers.ts';
import { createInProcessQueue } from '../../src/jobs/in-process-queue.ts';
import type { SweepResult } from '../../src/optimize/sweep.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { testServerConfig } from '../../src/server/server-config.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createTestDatabase } from '../support/db.ts';
import { TEST_MASTER_KEY, userWithRole } from './support/harness.ts';
import type { LoggedIn, TestServer } from './support/harness.ts';

/**
 * The shared harness's queue only handles backtests, so this file builds the same server with
 * the `optimisation` handler the real server registers (start-server.ts: createJobHandlers()).
 */
async function startOptimisationServer(): Promise<TestServer> {
  const database = await createTestDatabase('sqlite');
  const store = await openDatabase(database.url);
  await migrateToLatest(store);
  const lines: string[] = [];
  const logger = createLogger({
    name: 'microcap-api-test',
    level: 'warn',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  const keyring = createKeyring(parseMasterKey(TEST_MASTER_KEY));
  const config = testServerConfig({
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  });
  const queue = createInProcessQueue({ handlers: createJobHandlers(), concurrency: 1 });
  const app = await buildServer({ store, queue, config, keyring, logger });
  return {
    app,
    store,
    queue,
    keyring,
    config,
    database,
    logs: () => lines.join(''),
    async close() {
      await app.close();
      await queue.close();
      await store.close();
      await database.drop();
    },
  };
}

const smallSweep = {
  strategy: 'ma-crossover',
  grid: ['fast=5..15:5', 'slow=20..40:10'],
  objective: 'sharpe',
  data: { kind: 'demo', seed: 7 },
  from: '2020-01-01',
  to: '2022-12-31',
  top: 5,
};

let server: TestServer;
let analyst: LoggedIn;
let viewer: LoggedIn;

beforeAll(async () => {
  server = await startOptimisationServer();
  analyst = await userWithRole(server, 'analyst');
  viewer = await userWithRole(server, 'viewer');
});

afterAll(async () => {
  await server?.close();
});

async function submit(user: LoggedIn, payload: unknown) {
  return server.app.inject({
    method: 'POST',
    url: '/api/optimizations',
    headers: user.auth,
    payload: payload as Record<string, unknown>,
  });
}

describe('POST /api/optimizations', () => {
  it('runs a demo sweep as an optimisation job and returns the ranked result', async () => {
    const response = await submit(analyst, smallSweep);
    expect(response.statusCode, response.body).toBe(202);
    const { jobId, job } = response.json<{
      jobId: string;
      job: { kind: string; userId: string };
    }>();
    expect(job).toMatchObject({ kind: 'optimisation', userId: analyst.userId });

    await server.queue.whenIdle();
    const polled = await server.app.inject({
      method: 'GET',
      url: `/api/jobs/${jobId}`,
      headers: analyst.auth,
    });
    const record = polled.json<{ status: string; error: string | null; result: SweepResult }>();
    expect(record.error).toBeNull();
    expect(record.status).toBe('completed');
    const result = record.result;
    // 3 fast x 3 slow, all valid (fast < slow everywhere).
    expect(result.search).toMatchObject({ method: 'grid', gridSize: 9, trials: 9 });
    expect(result.ranked).toHaveLength(5);
    expect(result.ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    const objectives = result.ranked.map((r) => r.objective ?? -Infinity);
    expect([...objectives].sort((a, b) => b - a)).toEqual(objectives);
    expect(result.best?.params).toEqual(result.ranked[0].params);
    expect(result.overfitting.trials).toBe(9);
    expect(result.heatmap?.x.values).toEqual([5, 10, 15]);
    expect(result.heatmap?.y.values).toEqual([20, 30, 40]);
    expect(result.walkForward).toBeNull();
  });

  it('walk-forward windows come back in the job result', async () => {
    const response = await submit(analyst, {
      ...smallSweep,
      from: '2018-01-01',
      walkForward: { inSample: 252, outOfSample: 126 },
    });
    expect(response.statusCode, response.body).toBe(202);
    await server.queue.whenIdle();
    const polled = await server.app.inject({
      method: 'GET',
      url: `/api/jobs/${response.json<{ jobId: string }>().jobId}`,
      headers: analyst.auth,
    });
    const result = polled.json<{ result: SweepResult }>().result;
    expect(result.walkForward?.mode).toBe('rolling');
    expect(result.walkForward?.windows.length).toBeGreaterThan(2);
  });

  it('a malformed grid is a 400 naming the field, and no job is queued', async () => {
    const before = await server.queue.list({});
    const response = await submit(analyst, { ...smallSweep, grid: ['fast=5..x:5'] });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/grid/);
    expect(response.body).toContain('fast=5..x:5');
    expect(await server.queue.list({})).toHaveLength(before.length);
  });

  it('an unknown parameter and a bad objective are 400s naming what is wrong', async () => {
    const unknown = await submit(analyst, { ...smallSweep, grid: ['nope=1..3:1'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('nope');
    const objective = await submit(analyst, { ...smallSweep, objective: 'luck**' });
    expect(objective.statusCode).toBe(400);
    expect(objective.body).toMatch(/objective/);
  });

  it('a viewer may not submit sweeps', async () => {
    const response = await submit(viewer, smallSweep);
    expect(response.statusCode).toBe(403);
  });
});
