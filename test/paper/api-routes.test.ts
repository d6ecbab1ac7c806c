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

describe('paper and schedule API routes', () => {
  it('creates, runs, trades and reports a paper portfolio; another user cannot see it', async () => {
    const auth = await trader();
    const created = await app.inject({
      method: 'POST',
      url: '/api/paper/portfolios',
      headers: auth,
      payload: {
        name: 'api-exp',
        cash: 10_000,
        start: '2024-03-04',
        settings: { symbols: ['ACME'] },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
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
    const bad = await app.inject({
      method: 'POST',
      url: '/api/schedules',
      headers: auth,
      payload: { name: 'bad', strategy: 'rsi', symbols: ['ACME'], cron: '61 * * * *' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('minute field');
    const created = await app.inject({
      method: 'POST',
      url: '/api/schedules',
      headers: auth,
      payload: { name: 'nightly', strategy: 'rsi', symbols: ['ACME'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ cron: '@after-close', timezone: 'America/New_York' });
    expect(created.json().nextRun).toMatch(/T2[01]:30:00.000Z$/);
    const off = await app.inject({
      method: 'PATCH',
      url: '/api/schedules/nightly',
      headers: auth,
      payload: { enabled: false },
    });
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
    const denied = await app.inject({
      method: 'POST',
      url: '/api/schedules',
      headers: viewer,
      payload: { name: 'x', strategy: 'rsi', symbols: ['ACME'] },
    });
    expect(denied.statusCode).toBe(403);
  });
});
