import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountKey, ipKey } from '../auth/login-guard.ts';
import type { IssuedRefresh } from '../auth/refresh-sessions.ts';
import { HttpError, unauthorized } from '../http-errors.ts';
import { burnPasswordCheck, verifyPassword } from '../passwords.ts';
import { ROLE_PERMISSIONS, isRole } from '../permissions.ts';
import { caller } from '../plugins/auth.ts';
import { clientMeta, recordAudit } from '../request-context.ts';
import type { User } from '../../store/repositories/user-repository.ts';
import { publicUser, publicUserSchema } from './shared-schemas.ts';

export const REFRESH_COOKIE = 'microcap_refresh';

const loginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});

const tokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().describe('seconds until the access token expires'),
  user: publicUserSchema,
  csrfToken: z
    .string()
    .describe('send as the x-csrf-token header with POST /api/auth/refresh and /logout'),
});

/** Login, refresh (rotating cookie), logout, the caller's profile and CSRF tokens. */
export async function authRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { services } = base;
  const { config } = services;

  function setRefreshCookie(reply: FastifyReply, issued: IssuedRefresh): void {
    void reply.setCookie(REFRESH_COOKIE, issued.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.production,
      path: '/api/auth',
      expires: new Date(issued.expiresAt),
    });
  }

  function clearRefreshCookie(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
  }

  async function tokensFor(user: User, issued: IssuedRefresh, reply: FastifyReply) {
    const accessToken = base.jwt.sign({
      sub: user.id,
      role: user.role,
      email: user.email,
      sid: issued.familyId,
    });
    setRefreshCookie(reply, issued);
    const csrfToken = await reply.generateCsrf();
    return {
      accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: config.accessTokenTtlSeconds,
      user: publicUser(user),
      csrfToken,
    };
  }

  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password',
        security: [],
        body: loginBody,
        response: { 200: tokenResponse },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const keys = [accountKey(email), ipKey(request.ip)];
      const lockedFor = await services.loginGuard.lockedFor(keys);
      if (lockedFor > 0) {
        services.metrics.loginFailures.inc({ reason: 'locked' });
        await recordAudit(request, 'auth.login.locked', email, { email }, null);
        throw new HttpError(429, `too many failed logins: locked, retry in ${lockedFor} s`, {
          'retry-after': String(lockedFor),
        });
      }
      const user = await services.repos.users.findByEmail(email);
      const valid = user
        ? await verifyPassword(user.passwordHash, password)
        : (await burnPasswordCheck(password), false);
      if (!user || !valid || user.disabled) {
        await services.loginGuard.recordFailure(keys);
        services.metrics.loginFailures.inc({ reason: user?.disabled ? 'disabled' : 'invalid' });
        await recordAudit(request, 'auth.login.failed', email, { email }, user?.id ?? null);
        throw unauthorized('invalid email or password');
      }
      await services.loginGuard.clear(accountKey(email));
      await services.repos.users.update(user.id, { lastLoginAt: Date.now() });
      const issued = await services.sessions.start(user.id, clientMeta(request));
      await recordAudit(
        request,
        'auth.login',
        user.id,
        { email: user.email, sessionFamily: issued.familyId },
        user.id,
      );
      return tokensFor(user, issued, reply);
    },
  );

  app.post(
    '/api/auth/refresh',
    {
      config: { public: true },
      onRequest: base.csrfProtection,
      schema: {
        tags: ['auth'],
        summary:
          'Exchange the refresh cookie for new tokens (rotates the cookie; needs x-csrf-token)',
        security: [],
        response: { 200: tokenResponse },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE];
      if (!token) throw unauthorized('no refresh cookie');
      const outcome = await services.sessions.rotate(token, clientMeta(request));
      if (outcome.kind === 'invalid') {
        clearRefreshCookie(reply);
        throw unauthorized('refresh token invalid, expired or revoked');
      }
      if (outcome.kind === 'reused') {
        clearRefreshCookie(reply);
        await recordAudit(
          request,
          'auth.refresh.reuse-detected',
          outcome.userId,
          { sessionFamily: outcome.familyId },
          outcome.userId,
        );
        throw unauthorized('refresh token reuse detected: every session of this login was revoked');
      }
      const user = await services.repos.users.findById(outcome.issued.userId);
      if (!user || user.disabled) {
        await services.sessions.revokeFamily(outcome.issued.familyId, 'user-disabled');
        clearRefreshCookie(reply);
        throw unauthorized('account disabled');
      }
      await recordAudit(
        request,
        'auth.refresh',
        user.id,
        { sessionFamily: outcome.issued.familyId },
        user.id,
      );
      return tokensFor(user, outcome.issued, reply);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { public: true },
      onRequest: base.csrfProtection,
      schema: {
        tags: ['auth'],
        summary: 'Revoke this login (refresh cookie and its access tokens; needs x-csrf-token)',
        security: [],
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE];
      const family = token ? await services.sessions.familyOf(token) : null;
      if (family) {
        await services.sessions.revokeFamily(family.familyId, 'logout');
        await recordAudit(
          request,
          'auth.logout',
          family.userId,
          { sessionFamily: family.familyId },
          family.userId,
        );
      }
      clearRefreshCookie(reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/csrf',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'A CSRF token for the refresh and logout calls (sets its secret cookie)',
        security: [],
        response: { 200: z.object({ csrfToken: z.string() }) },
      },
    },
    async (_request, reply) => ({ csrfToken: await reply.generateCsrf() }),
  );

  app.get(
    '/api/auth/me',
    {
      config: { permission: 'profile:read' },
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user and their permissions',
        response: {
          200: z.object({ user: publicUserSchema, permissions: z.array(z.string()) }),
        },
      },
    },
    async (request) => {
      const user = await services.repos.users.findById(caller(request).sub);
      if (!user) throw unauthorized('user no longer exists');
      return {
        user: publicUser(user),
        permissions: isRole(user.role) ? [...ROLE_PERMISSIONS[user.role]] : [],
      };
    },
  );
}
