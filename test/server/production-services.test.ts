import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisEventBus } from '../../src/infra/event-bus.ts';
import type { BusEvent } from '../../src/infra/event-bus.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import type { StoreDialect } from '../../src/store/database.ts';
import { TEST_DATABASE_URLS } from '../support/db.ts';
import { PASSWORD, addUser, login, startTestServer, userWithRole } from './support/harness.ts';
import type { TestServer } from './support/harness.ts';

/**
 * The production column: the same API on PostgreSQL and MariaDB/MySQL, and with Redis for
 * revocations, lockouts, rate limits and events shared between processes. Each suite runs when
 * its MICROCAP_TEST_* URL is set and is skipped with a notice otherwise.
 */

const REDIS_URL = process.env.MICROCAP_TEST_REDIS_URL;
const serverDialects = (['postgres', 'mysql'] as const).filter((dialect) => {
  if (TEST_DATABASE_URLS[dialect]) return true;
  const variable =
    dialect === 'postgres' ? 'MICROCAP_TEST_POSTGRES_URL' : 'MICROCAP_TEST_MYSQL_URL';
  console.warn(`[api tests] ${variable} is not set: skipping the ${dialect} API suite`);
  return false;
});
if (!REDIS_URL)
  console.warn('[api tests] MICROCAP_TEST_REDIS_URL is not set: skipping the Redis API suite');

describe.each(serverDialects.map((d) => [d] as [StoreDialect]))('API on %s', (dialect) => {
  it('logs in, rotates and detects refresh reuse, checks owners, keeps secrets encrypted and verifies the audit chain', async () => {
    const server = await startTestServer({ dialect });
    try {
      const alice = await userWithRole(server, 'trader');
      const bob = await userWithRole(server, 'trader');
      const created = await server.app.inject({
        method: 'POST',
        url: '/api/portfolios',
        headers: alice.auth,
        payload: { name: "x'); DROP TABLE portfolios; --", initialCash: 1_000 },
      });
      const id = created.json<{ id: string; name: string }>().id;
      expect(created.json<{ name: string }>().name).toBe("x'); DROP TABLE portfolios; --");
      expect(
        (
          await server.app.inject({
            method: 'GET',
            url: `/api/portfolios/${id}`,
            headers: bob.auth,
          })
        ).statusCode,
      ).toBe(404);

      const refresh = (cookies: string, csrf: string) =>
        server.app.inject({
          method: 'POST',
          url: '/api/auth/refresh',
          headers: { cookie: cookies, 'x-csrf-token': csrf },
        });
      expect((await refresh(alice.cookies, alice.csrfToken)).statusCode).toBe(200);
      expect((await refresh(alice.cookies, alice.csrfToken)).statusCode).toBe(401);
      expect(
        (await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: alice.auth }))
          .statusCode,
      ).toBe(401);

      const admin = await userWithRole(server, 'admin');
      await server.app.inject({
        method: 'PUT',
        url: '/api/credentials',
        headers: admin.auth,
        payload: { provider: 'tiingo', label: 'main', value: 'tiingo-PLAIN-secret-42' },
      });
      const stored = await sql<{
        encrypted_value: string;
      }>`select encrypted_value from api_credentials`.execute(server.store.db);
      expect(JSON.stringify(stored.rows)).not.toContain('tiingo-PLAIN-secret-42');

      const submit = await server.app.inject({
        method: 'POST',
        url: '/api/backtests',
        headers: bob.auth,
        payload: { strategy: 'rsi', data: { kind: 'demo' } },
      });
      await server.queue.whenIdle();
      const job = await server.app.inject({
        method: 'GET',
        url: `/api/jobs/${submit.json<{ jobId: string }>().jobId}`,
        headers: bob.auth,
      });
      expect(job.json<{ status: string }>().status).toBe('completed');

      const audit = createRepositories(server.store).audit;
      const rows = await audit.list();
      const verify = () =>
        server.app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin.auth });
      expect((await verify()).json<{ ok: boolean }>().ok).toBe(true);
      await sql`update audit_log set action = ${'forged'} where seq = ${rows[1].seq}`.execute(
        server.store.db,
      );
      expect((await verify()).json<{ firstBad: { seq: number } }>().firstBad.seq).toBe(rows[1].seq);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe.skipIf(!REDIS_URL)('API with Redis', () => {
  const prefix = `microcap_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const servers: TestServer[] = [];

  afterAll(async () => {
    for (const server of servers.reverse()) await server.close();
    const redis = new Redis(REDIS_URL!);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('shares revocations, lockouts and events between two server processes', async () => {
    const a = await startTestServer({
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      config: { loginMaxFailures: 2 },
    });
    servers.push(a);
    const b = await startTestServer({
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      database: a.database,
      config: { loginMaxFailures: 2 },
    });
    servers.push(b);
    const ready = await b.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.json()).toMatchObject({ ready: true, redis: { ok: true } });

    // Revocation: log out on A, the access token dies on B at once.
    const trader = await userWithRole(a, 'trader');
    expect(
      (await b.app.inject({ method: 'GET', url: '/api/auth/me', headers: trader.auth })).statusCode,
    ).toBe(200);
    const logout = await a.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: trader.cookies, 'x-csrf-token': trader.csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expect(
      (await b.app.inject({ method: 'GET', url: '/api/auth/me', headers: trader.auth })).statusCode,
    ).toBe(401);

    // Lockout: failures on A lock the account on B.
    const { email } = await addUser(a, 'viewer');
    for (let i = 0; i < 2; i++) {
      const bad = await a.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'wrong password!!' },
        remoteAddress: `10.1.0.${i + 1}`,
      });
      expect(bad.statusCode).toBe(401);
    }
    const locked = await b.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
      remoteAddress: '10.1.0.9',
    });
    expect(locked.statusCode).toBe(429);

    // Events: published on A's bus, seen by a subscriber of another Redis bus.
    const listener = new RedisEventBus({ url: REDIS_URL!, prefix });
    try {
      await listener.ready();
      const seen = new Promise<BusEvent<'BacktestCompleted'>>((resolve) =>
        listener.subscribe('BacktestCompleted', resolve),
      );
      const analyst = await userWithRole(a, 'analyst');
      const submit = await a.app.inject({
        method: 'POST',
        url: '/api/backtests',
        headers: analyst.auth,
        payload: { strategy: 'macd', data: { kind: 'demo' } },
      });
      expect(submit.statusCode).toBe(202);
      const event = await seen;
      expect(event.payload).toMatchObject({
        jobId: submit.json<{ jobId: string }>().jobId,
        userId: analyst.userId,
      });
      expect(event.origin).not.toBe(listener.origin);
    } finally {
      await listener.close();
    }
    const other = await login(b, trader.email);
    expect(other.accessToken).toBeTruthy();
  }, 60_000);
});
