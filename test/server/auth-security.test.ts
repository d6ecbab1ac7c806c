import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  addUser,
  cookiesOf,
  login,
  startTestServer,
  userWithRole,
} from './support/harness.ts';
import type { LoggedIn, TestServer } from './support/harness.ts';
import { decodePayload, signJwt } from './support/jwt.ts';

let server: TestServer;
let trader: LoggedIn;

beforeAll(async () => {
  server = await startTestServer({ config: { loginMaxFailures: 3, loginLockoutSeconds: 60 } });
  trader = await userWithRole(server, 'trader');
});
afterAll(async () => server?.close());

function get(url: string, headers: Record<string, string> = {}) {
  return server.app.inject({ method: 'GET', url, headers });
}

describe('access tokens', () => {
  it('answers 401 without a token, with a malformed header, and 200 with a valid one', async () => {
    for (const url of ['/api/auth/me', '/api/backtests', '/api/portfolios', '/api/strategies']) {
      expect((await get(url)).statusCode, url).toBe(401);
    }
    expect((await get('/api/auth/me', { authorization: 'Basic abc' })).statusCode).toBe(401);
    expect((await get('/api/auth/me', { authorization: 'Bearer' })).statusCode).toBe(401);
    expect((await get('/api/auth/me', trader.auth)).statusCode).toBe(200);
  });

  it('rejects alg none, a tampered payload, another algorithm, expiry, audience and issuer', async () => {
    const secret = server.config.jwtSecret!;
    const claims = decodePayload(trader.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const [header64, , signature] = trader.accessToken.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, role: 'admin' }),
    ).toString('base64url')}.`;
    const tampered = `${header64}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${signature}`;
    const hs512 = signJwt({ alg: 'HS512', typ: 'JWT' }, claims, secret, 'sha512');
    const expired = signJwt(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, iat: now - 7200, exp: now - 3600 },
      secret,
    );
    const wrongAudience = signJwt(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, aud: 'other-api' },
      secret,
    );
    const wrongIssuer = signJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'evil' }, secret);
    const wrongSecret = signJwt({ alg: 'HS256', typ: 'JWT' }, claims, 'x'.repeat(48));
    const control = signJwt({ alg: 'HS256', typ: 'JWT' }, claims, secret);
    expect((await get('/api/auth/me', { authorization: `Bearer ${control}` })).statusCode).toBe(
      200,
    );
    for (const [name, token] of Object.entries({
      none,
      tampered,
      hs512,
      expired,
      wrongAudience,
      wrongIssuer,
      wrongSecret,
    })) {
      const response = await get('/api/auth/me', { authorization: `Bearer ${token}` });
      expect(response.statusCode, name).toBe(401);
    }
  });
});

describe('roles', () => {
  it('answers 403 when the role lacks the permission', async () => {
    const viewer = await userWithRole(server, 'viewer');
    const cases: [LoggedIn, string, string, unknown][] = [
      [trader, 'GET', '/api/users', undefined],
      [trader, 'GET', '/api/audit', undefined],
      [trader, 'GET', '/api/audit/verify', undefined],
      [trader, 'GET', '/api/credentials', undefined],
      [trader, 'POST', '/api/market-data/import', { symbol: 'X', csv: 'Date' }],
      [viewer, 'POST', '/api/backtests', { strategy: 'rsi', data: { kind: 'demo' } }],
      [viewer, 'POST', '/api/portfolios', { name: 'p', initialCash: 1 }],
      [viewer, 'GET', '/api/events', undefined],
    ];
    for (const [user, method, url, payload] of cases) {
      const response = await server.app.inject({
        method: method as 'GET',
        url,
        headers: user.auth,
        payload: payload as object,
      });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
  });
});

describe('refresh tokens', () => {
  it('rotates, and a reused token revokes the whole family (refresh and access tokens)', async () => {
    const session = await login(server, trader.email);
    const first = await server.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: session.cookies, 'x-csrf-token': session.csrfToken },
    });
    expect(first.statusCode).toBe(200);
    const rotated = cookiesOf(first).microcap_refresh;
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(session.refreshToken);
    const newAccess = first.json<{ accessToken: string }>().accessToken;
    expect((await get('/api/auth/me', { authorization: `Bearer ${newAccess}` })).statusCode).toBe(
      200,
    );

    // The old cookie again: reuse.
    const reuse = await server.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: session.cookies, 'x-csrf-token': session.csrfToken },
    });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json<{ message: string }>().message).toMatch(/reuse/);

    // The legitimate rotated token and every access token of the family are dead too.
    const secretCookie = session.cookies.split('; ').find((c) => c.startsWith('microcap_csrf='))!;
    const afterReuse = await server.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: {
        cookie: `${secretCookie}; microcap_refresh=${rotated}`,
        'x-csrf-token': session.csrfToken,
      },
    });
    expect(afterReuse.statusCode).toBe(401);
    expect((await get('/api/auth/me', { authorization: `Bearer ${newAccess}` })).statusCode).toBe(
      401,
    );
    expect((await get('/api/auth/me', session.auth)).statusCode).toBe(401);
    // Other logins of the same user are other families: untouched.
    expect((await get('/api/auth/me', trader.auth)).statusCode).toBe(200);
  });

  it('needs the CSRF token for refresh and logout (403 without), and logout revokes', async () => {
    const session = await login(server, trader.email);
    for (const url of ['/api/auth/refresh', '/api/auth/logout']) {
      const missing = await server.app.inject({
        method: 'POST',
        url,
        headers: { cookie: session.cookies },
      });
      expect(missing.statusCode, url).toBe(403);
      const wrong = await server.app.inject({
        method: 'POST',
        url,
        headers: { cookie: session.cookies, 'x-csrf-token': 'forged-token' },
      });
      expect(wrong.statusCode, url).toBe(403);
    }
    const logout = await server.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session.cookies, 'x-csrf-token': session.csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expect((await get('/api/auth/me', session.auth)).statusCode).toBe(401);
    const refresh = await server.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: session.cookies, 'x-csrf-token': session.csrfToken },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('sets the refresh cookie httpOnly, SameSite=Strict, scoped to /api/auth', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: trader.email, password: PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === 'microcap_refresh')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.path).toBe('/api/auth');
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['accessToken', 'expiresIn', 'user']));
    expect(JSON.stringify(body)).not.toContain('passwordHash');
    expect(JSON.stringify(body)).not.toContain('argon2');
  });

  it('ends existing sessions when an admin changes the role', async () => {
    const admin = await userWithRole(server, 'admin');
    const victim = await userWithRole(server, 'analyst');
    expect((await get('/api/auth/me', victim.auth)).statusCode).toBe(200);
    const patch = await server.app.inject({
      method: 'PATCH',
      url: `/api/users/${victim.userId}`,
      headers: admin.auth,
      payload: { role: 'viewer' },
    });
    expect(patch.statusCode).toBe(200);
    expect((await get('/api/auth/me', victim.auth)).statusCode).toBe(401);
  });
});

describe('login throttling', () => {
  it('locks an account after repeated failures: 401s, then 429 even with the right password', async () => {
    const { email } = await addUser(server, 'trader');
    const attempt = (password: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
        remoteAddress: '10.0.0.9',
      });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong password!')).statusCode).toBe(401);
    const locked = await attempt('wrong password!');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(PASSWORD)).statusCode).toBe(429);
    // A different account from another address is not affected.
    const other = await addUser(server, 'trader');
    const ok = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: other.email, password: PASSWORD },
      remoteAddress: '10.0.0.10',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('rate-limits login requests per client address (429)', async () => {
    const limited = await startTestServer({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: `nobody${i}@example.com`, password: 'whatever-long' },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('counts IPv6 clients by their /64, so rotating addresses within it does not reset the limit', async () => {
    const limited = await startTestServer({ config: { loginRateLimitPerMinute: 2 } });
    try {
      const login = async (remoteAddress: string) =>
        (
          await limited.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: 'nobody@example.com', password: 'whatever-long' },
            remoteAddress,
          })
        ).statusCode;
      const samePrefix = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3'];
      expect([await login(samePrefix[0]), await login(samePrefix[1])]).toEqual([401, 401]);
      expect(await login(samePrefix[2])).toBe(429);
      // Another /64 has a count of its own.
      expect(await login('2001:db8:1:3::1')).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe('transport protections', () => {
  it('sends security headers and a request id', async () => {
    const response = await get('/api/auth/me', trader.auth);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(response.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(String(response.headers['strict-transport-security'])).toContain('max-age=');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await get('/health', { 'x-request-id': 'trace-123' });
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    const unsafe = await get('/health', { 'x-request-id': 'bad id\nwith newline' });
    expect(unsafe.headers['x-request-id']).not.toContain('bad id');
  });

  it('answers 413 to an oversized body, after authentication', async () => {
    const huge = JSON.stringify({ name: 'x', strategyId: 'rsi', description: 'a'.repeat(2 ** 21) });
    const anonymous = await server.app.inject({
      method: 'POST',
      url: '/api/strategy-configs',
      headers: { 'content-type': 'application/json' },
      payload: huge,
    });
    expect(anonymous.statusCode).toBe(401);
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/strategy-configs',
      headers: { ...trader.auth, 'content-type': 'application/json' },
      payload: huge,
    });
    expect(response.statusCode).toBe(413);
  });

  it('allows only listed CORS origins', async () => {
    const sameOriginOnly = await get('/api/auth/me', {
      ...trader.auth,
      origin: 'https://evil.example.net',
    });
    expect(sameOriginOnly.headers['access-control-allow-origin']).toBeUndefined();
    const cors = await startTestServer({ config: { corsOrigins: ['https://app.example.com'] } });
    try {
      const allowed = await cors.app.inject({
        method: 'OPTIONS',
        url: '/api/auth/me',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      const denied = await cors.app.inject({
        method: 'OPTIONS',
        url: '/api/auth/me',
        headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'GET' },
      });
      expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await cors.close();
    }
  });

  it('keeps the password hash out of every user response', async () => {
    const admin = await userWithRole(server, 'admin');
    const list = await get('/api/users', admin.auth);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toMatch(/argon2|passwordHash|password_hash/);
  });
});
