import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/infra/logger.ts';
import { createKeyring, parseMasterKey } from '../../src/infra/secrets.ts';
import { createInProcessQueue } from '../../src/jobs/in-process-queue.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { testServerConfig } from '../../src/server/server-config.ts';
import { MarketDataRepository } from '../../src/store/repositories/market-data-repository.ts';
import { addUser, login, TEST_MASTER_KEY, type TestServer } from '../server/support/harness.ts';
import { bars, tempStore } from './helpers.ts';

let app: FastifyInstance;
let server: TestServer;
let close: () => Promise<void>;

beforeAll(async () => {
  const { store, dispose } = await tempStore();
  const queue = createInProcessQueue({ handlers: {}, concurrency: 1 });
  app = await buildServer({
    store,
    queue,
    config: testServerConfig({ jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789' }),
    keyring: createKeyring(parseMasterKey(TEST_MASTER_KEY)),
    logger: createLogger({
      name: 't',
      level: 'error',
      destination: new Writable({ write: (_c, _e, d) => d() }),
    }),
  });
  server = { app, store } as unknown as TestServer;
  const market = new MarketDataRepository(store);
  await market.upsertBars(
    'ACME',
    bars('ACME', [
      ['2024-03-04', 10, 10.2, 9.8, 10, 1e6],
      ['2024-03-05', 10.1, 10.4, 9.9, 10.3, 1e6],
      ['2024-03-06', 10.3, 10.6, 10.1, 10.5, 1e6],
    ]),
    'test',
  );
  close = async () => {
    await app.close();
    await queue.close();
    await dispose();
  };
});
afterAll(async () => close());

async function trader() {
  const { email } = await addUser(server, 'trader');
  return (await login(server, email)).auth;
}

/** POST /api/schedules as the caller. */
function postSchedule(auth: Record<string, string>, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/schedules', headers: auth, payload });
}

/** PATCH /api/schedules/{name} as the caller. */
function patchSchedule(
  auth: Record<string, string>,
  name: string,
  payload: Record<string, unknown>,
) {
  return app.inject({ method: 'PATCH', url: `/api/schedules/${name}`, headers: auth, payload });
}

/** A $10,000 paper portfolio on ACME from 2024-03-04, owned by the caller. */
async function createPortfolio(auth: Record<string, string>, name: string): Promise<void> {
  const created = await app.inject({
    method: 'POST',
    url: '/api/paper/portfolios',
    headers: auth,
    payload: { name, cash: 10_000, start: '2024-03-04', settings: { symbols: ['ACME'] } },
  });
  expect(created.statusCode, created.body).toBe(201);
}

describe('paper and schedule API routes', () => {
  it('creates, runs, trades and reports a paper portfolio; another user cannot see it', async () => {
    const auth = await trader();
    await createPortfolio(auth, 'api-exp');
    const run1 = await app.inject({
      method: 'POST',
      url: '/api/paper/portfolios/api-exp/run',
      headers: auth,
      payload: { date: '2024-03-04' },
    });
    expect(run1.json()).toMatchObject({ status: 'completed' });
    const noStop = await app.inject({
      method: 'POST',
      url: '/api/paper/portfolios/api-exp/orders',
      headers: auth,
      payload: { symbol: 'ACME', side: 'buy', quantity: 50 },
    });
    expect(noStop.statusCode).toBe(422);
    expect(noStop.json()).toMatchObject({
      status: 'rejected',
      stage: 'risk',
      rule: 'mandatory-stop',
    });
    const order = await app.inject({
      method: 'POST',
      url: '/api/paper/portfolios/api-exp/orders',
      headers: auth,
      payload: { symbol: 'ACME', side: 'buy', quantity: 50, stop: 9 },
    });
    expect(order.statusCode, order.body).toBe(201);
    await app.inject({
      method: 'POST',
      url: '/api/paper/portfolios/api-exp/run',
      headers: auth,
      payload: { date: '2024-03-05' },
    });
    const view = await app.inject({
      method: 'GET',
      url: '/api/paper/portfolios/api-exp',
      headers: auth,
    });
    expect(view.json()).toMatchObject({
      name: 'api-exp',
      positions: [{ symbol: 'ACME', quantity: 50, stop: 9 }],
    });
    const signals = await app.inject({
      method: 'GET',
      url: '/api/paper/portfolios/api-exp/signals?status=rejected',
      headers: auth,
    });
    expect(signals.json()).toEqual([
      expect.objectContaining({
        symbol: 'ACME',
        stage: 'risk',
        reason: expect.stringContaining('stop'),
      }),
    ]);
    const csv = await app.inject({
      method: 'GET',
      url: '/api/paper/portfolios/api-exp/export?file=trade-log',
      headers: auth,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe(
      'Date,Ticker,Shares Bought,Buy Price,Cost Basis,PnL,Reason,Shares Sold,Sell Price',
    );
    const other = await trader();
    const hidden = await app.inject({
      method: 'GET',
      url: '/api/paper/portfolios/api-exp',
      headers: other,
    });
    expect(hidden.statusCode).toBe(404);
    const list = await app.inject({ method: 'GET', url: '/api/paper/portfolios', headers: other });
    expect(list.json()).toEqual([]);
  });

  it('manages schedules and rejects a bad cron naming the field', async () => {
    const auth = await trader();
    const bad = await postSchedule(auth, {
      name: 'bad',
      strategy: 'rsi',
      symbols: ['ACME'],
      cron: '61 * * * *',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('minute field');
    const created = await postSchedule(auth, {
      name: 'nightly',
      strategy: 'rsi',
      symbols: ['ACME'],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ cron: '@after-close', timezone: 'America/New_York' });
    expect(created.json().nextRun).toMatch(/T2[01]:30:00.000Z$/);
    const off = await patchSchedule(auth, 'nightly', { enabled: false });
    expect(off.json()).toMatchObject({ enabled: false, nextRun: null });
    const runs = await app.inject({
      method: 'GET',
      url: '/api/schedules/nightly/runs',
      headers: auth,
    });
    expect(runs.json()).toEqual([]);
    const gone = await app.inject({
      method: 'DELETE',
      url: '/api/schedules/nightly',
      headers: auth,
    });
    expect(gone.statusCode).toBe(204);
    const viewer = (await login(server, (await addUser(server, 'viewer')).email)).auth;
    const denied = await postSchedule(viewer, { name: 'x', strategy: 'rsi', symbols: ['ACME'] });
    expect(denied.statusCode).toBe(403);
  });

  it('changes any field of a schedule, checked as on creation, with nothing half-written', async () => {
    const auth = await trader();
    const patch = (payload: Record<string, unknown>) => patchSchedule(auth, 'weekly', payload);
    const listed = async () =>
      (await app.inject({ method: 'GET', url: '/api/schedules', headers: auth })).json<
        { name: string; cron: string; params: unknown; symbols: string[] }[]
      >();
    const created = await postSchedule(auth, {
      name: 'weekly',
      strategy: 'rsi',
      params: { period: 10 },
      symbols: ['ACME'],
    });
    expect(created.statusCode, created.body).toBe(201);

    const changed = await patch({ cron: '0 9 * * 1', symbols: ['acme', 'widg'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      cron: '0 9 * * 1',
      symbols: ['ACME', 'WIDG'],
      strategy: 'rsi',
      params: { period: 10 },
      enabled: true,
    });
    expect(changed.json().nextRun).toMatch(/T1[34]:00:00.000Z$/);

    // A bad value, a new strategy whose parameters do not fit, an unknown field, or nothing:
    // 400 naming the field, and the stored schedule is as it was.
    const before = (await listed()).find((row) => row.name === 'weekly');
    const badCron = await patch({ cron: '61 * * * *', symbols: ['OTHER'] });
    expect(badCron.statusCode).toBe(400);
    expect(badCron.body).toContain('minute field');
    const badParams = await patch({ strategy: 'ma-crossover', params: { fast: 50, slow: 10 } });
    expect(badParams.statusCode).toBe(400);
    expect(badParams.body).toMatch(/slow/);
    const unknown = await patch({ enable: false });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('enable');
    const empty = await patch({});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('at least one field');
    expect((await listed()).find((row) => row.name === 'weekly')).toEqual(before);

    // A new strategy starts from its own defaults unless parameters come with it; renaming works.
    const renamed = await patch({ strategy: 'ma-crossover', name: 'weekly-ma' });
    expect(renamed.json()).toMatchObject({
      name: 'weekly-ma',
      strategy: 'ma-crossover',
      params: {},
    });
    const clash = await postSchedule(auth, { name: 'other', strategy: 'rsi', symbols: ['ACME'] });
    expect(clash.statusCode).toBe(201);
    const taken = await patchSchedule(auth, 'other', { name: 'weekly-ma' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('a schedule with this name exists');
    for (const name of ['weekly-ma', 'other']) {
      await app.inject({ method: 'DELETE', url: `/api/schedules/${name}`, headers: auth });
    }
  });

  it('runs a schedule now and records the run', async () => {
    const auth = await trader();
    await postSchedule(auth, { name: 'adhoc', strategy: 'rsi', symbols: ['ACME'], enabled: false });
    const ran = await app.inject({
      method: 'POST',
      url: '/api/schedules/adhoc/run',
      headers: auth,
    });
    expect(ran.statusCode, ran.body).toBe(200);
    expect(ran.json()).toMatchObject({
      name: 'adhoc',
      status: 'completed',
      summary: { kind: 'signals', universe: expect.any(Number) },
    });
    const runs = await app.inject({
      method: 'GET',
      url: '/api/schedules/adhoc/runs',
      headers: auth,
    });
    expect(runs.json()).toHaveLength(1);
    expect(runs.json()[0]).toMatchObject({ status: 'completed', due: ran.json().due });
    expect(runs.json()[0].claimedBy).toMatch(/^api:/);
    const missing = await app.inject({
      method: 'POST',
      url: '/api/schedules/no-such/run',
      headers: auth,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('no such schedule');
    await app.inject({ method: 'DELETE', url: '/api/schedules/adhoc', headers: auth });
  });

  it("keeps schedules away from another trader's paper portfolio", async () => {
    const owner = await trader();
    const other = await trader();
    await createPortfolio(owner, 'private-book');
    const schedule = { name: 'private-daily', portfolio: 'private-book', strategy: 'rsi' };
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/schedules',
      headers: other,
      payload: schedule,
    });
    expect(foreign.statusCode).toBe(404);
    const own = await app.inject({
      method: 'POST',
      url: '/api/schedules',
      headers: owner,
      payload: schedule,
    });
    expect(own.statusCode, own.body).toBe(201);
    for (const [method, url, payload] of [
      ['PATCH', '/api/schedules/private-daily', { enabled: false }],
      ['POST', '/api/schedules/private-daily/run', undefined],
      ['DELETE', '/api/schedules/private-daily', undefined],
    ] as const) {
      const response = await app.inject({ method, url, headers: other, payload });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    // The other trader's own signal-only schedule cannot be pointed at the portfolio either.
    await postSchedule(other, { name: 'mine', strategy: 'rsi', symbols: ['ACME'] });
    const redirect = await patchSchedule(other, 'mine', { portfolio: 'private-book' });
    expect(redirect.statusCode).toBe(404);
    const ownerRuns = await app.inject({
      method: 'POST',
      url: '/api/schedules/private-daily/run',
      headers: owner,
    });
    expect(ownerRuns.statusCode, ownerRuns.body).toBe(200);
    expect(ownerRuns.json().summary).toMatchObject({
      kind: 'paper-run',
      portfolio: 'private-book',
    });
  });
});
