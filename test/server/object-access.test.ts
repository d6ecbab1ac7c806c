import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRole } from './support/harness.ts';
import type { LoggedIn, TestServer } from './support/harness.ts';

let server: TestServer;
let alice: LoggedIn;
let bob: LoggedIn;
let manager: LoggedIn;
let compliance: LoggedIn;
let admin: LoggedIn;

beforeAll(async () => {
  server = await startTestServer();
  [alice, bob, manager, compliance, admin] = await Promise.all([
    userWithRole(server, 'trader'),
    userWithRole(server, 'trader'),
    userWithRole(server, 'portfolio-manager'),
    userWithRole(server, 'compliance'),
    userWithRole(server, 'admin'),
  ]);
});
afterAll(async () => server?.close());

function call(user: LoggedIn, method: string, url: string, payload?: unknown) {
  return server.app.inject({
    method: method as 'GET',
    url,
    headers: user.auth,
    payload: payload as object,
  });
}

describe('object-level checks', () => {
  it("hides one trader's portfolio from another, shows it to roles that see all", async () => {
    const created = await call(alice, 'POST', '/api/portfolios', {
      name: 'alice paper',
      initialCash: 50_000,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await call(alice, 'GET', `/api/portfolios/${id}`)).statusCode).toBe(200);
    expect((await call(bob, 'GET', `/api/portfolios/${id}`)).statusCode).toBe(404);
    expect((await call(bob, 'GET', `/api/portfolios/${id}/positions`)).statusCode).toBe(404);
    const bobsList = await call(bob, 'GET', '/api/portfolios');
    expect(bobsList.json<{ id: string }[]>().map((p) => p.id)).not.toContain(id);
    expect((await call(manager, 'GET', `/api/portfolios/${id}`)).statusCode).toBe(200);
    expect((await call(compliance, 'GET', `/api/portfolios/${id}`)).statusCode).toBe(200);
  });

  it("hides one trader's backtest and job from another", async () => {
    const submitted = await call(alice, 'POST', '/api/backtests', {
      strategy: 'ma-crossover',
      data: { kind: 'demo' },
    });
    expect(submitted.statusCode).toBe(202);
    const jobId = submitted.json<{ jobId: string }>().jobId;
    await server.queue.whenIdle();
    const job = await call(alice, 'GET', `/api/jobs/${jobId}`);
    expect(job.json<{ status: string }>().status).toBe('completed');
    const backtestId = job.json<{ result: { backtestId: string } }>().result.backtestId;

    expect((await call(bob, 'GET', `/api/jobs/${jobId}`)).statusCode).toBe(404);
    expect((await call(bob, 'DELETE', `/api/jobs/${jobId}`)).statusCode).toBe(404);
    expect((await call(bob, 'GET', `/api/backtests/${backtestId}`)).statusCode).toBe(404);
    expect((await call(bob, 'DELETE', `/api/backtests/${backtestId}`)).statusCode).toBe(404);
    const bobs = await call(bob, 'GET', '/api/backtests');
    expect(bobs.json<unknown[]>()).toEqual([]);

    expect((await call(compliance, 'GET', `/api/backtests/${backtestId}`)).statusCode).toBe(200);
    // Compliance may read everything but delete nothing.
    expect((await call(compliance, 'DELETE', `/api/backtests/${backtestId}`)).statusCode).toBe(403);
    expect((await call(alice, 'GET', `/api/backtests/${backtestId}`)).statusCode).toBe(200);
    expect((await call(alice, 'DELETE', `/api/backtests/${backtestId}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/backtests/${backtestId}`)).statusCode).toBe(404);
  });

  it('keeps saved strategy configurations to their owner for read and write', async () => {
    const created = await call(alice, 'POST', '/api/strategy-configs', {
      name: 'alice rsi',
      strategyId: 'rsi',
      params: { period: 10 },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const body = { name: 'stolen', strategyId: 'rsi', params: {} };
    expect((await call(bob, 'GET', `/api/strategy-configs/${id}`)).statusCode).toBe(404);
    expect((await call(bob, 'PUT', `/api/strategy-configs/${id}`, body)).statusCode).toBe(404);
    expect((await call(bob, 'DELETE', `/api/strategy-configs/${id}`)).statusCode).toBe(404);
    expect((await call(manager, 'GET', `/api/strategy-configs/${id}`)).statusCode).toBe(200);
    expect((await call(manager, 'PUT', `/api/strategy-configs/${id}`, body)).statusCode).toBe(404);
    const still = await call(alice, 'GET', `/api/strategy-configs/${id}`);
    expect(still.json<{ name: string }>().name).toBe('alice rsi');
  });

  it('rejects a strategy configuration with an out-of-range parameter, naming it', async () => {
    const response = await call(alice, 'POST', '/api/strategy-configs', {
      name: 'bad',
      strategyId: 'rsi',
      params: { period: -3 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(/period/);
  });
});

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  'Robert"); DELETE FROM portfolios; --',
  "1; UPDATE users SET role='admin' WHERE '1'='1",
  "\\'; SELECT * FROM sessions; /*",
  '%27 UNION SELECT password_hash FROM users --',
];

describe('SQL-injection strings are data', () => {
  it('stores and returns them literally in every string field', async () => {
    for (const [i, text] of INJECTIONS.entries()) {
      const config = await call(alice, 'POST', '/api/strategy-configs', {
        name: `${text} #${i}`,
        strategyId: 'rsi',
        description: text,
        params: {},
      });
      expect(config.statusCode, text).toBe(201);
      const id = config.json<{ id: string }>().id;
      const read = await call(alice, 'GET', `/api/strategy-configs/${id}`);
      expect(read.json<{ name: string; description: string }>()).toMatchObject({
        name: `${text} #${i}`,
        description: text,
      });

      const portfolio = await call(alice, 'POST', '/api/portfolios', {
        name: text,
        initialCash: 1_000,
      });
      expect(portfolio.statusCode).toBe(201);
      const portfolioId = portfolio.json<{ id: string }>().id;
      const got = await call(alice, 'GET', `/api/portfolios/${portfolioId}`);
      expect(got.json<{ name: string }>().name).toBe(text);

      const user = await call(admin, 'POST', '/api/users', {
        email: `user${i}@example.com`,
        password: 'a long enough password',
        role: 'viewer',
        displayName: text,
      });
      expect(user.statusCode).toBe(201);
      const userId = user.json<{ id: string }>().id;
      const fetched = await call(admin, 'GET', `/api/users/${userId}`);
      expect(fetched.json<{ displayName: string }>().displayName).toBe(text);

      const credential = await call(admin, 'PUT', '/api/credentials', {
        provider: `p${i}`,
        label: text,
        value: `secret-${i}-${text}`,
      });
      expect(credential.statusCode).toBe(200);
      expect(credential.json<{ label: string }>().label).toBe(text);

      // In query strings and path parameters: no match, no error, no leak.
      const q = encodeURIComponent(text);
      // Symbols and statuses are at most 32 characters (longer is a 400 naming the field).
      const short = encodeURIComponent(text.slice(0, 32));
      const signals = await call(alice, 'GET', `/api/signals?symbol=${short}&status=${short}`);
      expect(signals.statusCode, signals.body).toBe(200);
      expect(signals.json()).toEqual([]);
      const backtests = await call(alice, 'GET', `/api/backtests?strategy=${q}`);
      expect(backtests.json()).toEqual([]);
      expect((await call(alice, 'GET', `/api/portfolios/${q}`)).statusCode).toBe(404);
    }
    // Still every table and every user there, roles unchanged.
    const users = await call(admin, 'GET', '/api/users');
    expect(users.statusCode).toBe(200);
    const roles = users.json<{ email: string; role: string }[]>();
    expect(roles.find((u) => u.email === alice.email)?.role).toBe('trader');
    expect(roles.length).toBeGreaterThanOrEqual(5 + INJECTIONS.length);
    const email = "o'brien+x@example.com";
    const quoted = await call(admin, 'POST', '/api/users', {
      email,
      password: 'a long enough password',
      role: 'viewer',
    });
    expect(quoted.statusCode).toBe(201);
    expect(quoted.json<{ email: string }>().email).toBe(email);
  });
});
