import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-errors.ts';
import { applyFixedHelmet } from './fixed-helmet.ts';
import { globalPlugin } from './global-plugin.ts';

export const CSRF_HEADER = 'x-csrf-token';

/**
 * Cross-cutting protections: security headers (helmet), the CORS allow-list, cookies (signed
 * with the cookie secret), CSRF tokens for cookie-authenticated changes, and rate limits per
 * client IP, IPv6 clients by their /64 (Redis-backed when Redis is configured, so every process
 * shares the counts).
 */
export const securityPlugin = globalPlugin(async (app: FastifyInstance) => {
  const { config, redis, redisPrefix } = app.services;
  // Helmet's headers, computed once (see fixed-helmet.ts): identical on every response.
  await applyFixedHelmet(app, {
    // The API serves JSON; the docs UI sets its own CSP (swagger-ui's staticCSP).
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  // Without an allow-list the API is same-origin only: no CORS headers at all.
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      // Only listed origins may call with credentials; no list means same-origin only.
      origin: [...config.corsOrigins],
      credentials: true,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', CSRF_HEADER, 'x-request-id'],
      maxAge: 600,
    });
  }
  await app.register(cookie, {
    secret: config.cookieSecret ?? randomBytes(32).toString('hex'),
  });
  await app.register(csrf, {
    cookieKey: 'microcap_csrf',
    cookieOpts: {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      path: '/api/auth',
      secure: config.production,
    },
    getToken: (request) => {
      const value = request.headers[CSRF_HEADER];
      return Array.isArray(value) ? value[0] : value;
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    // The plugin's own key: request.ip with IPv4-mapped addresses made IPv4 and IPv6 masked to
    // its /64, so one client cannot step around the limit by rotating addresses in its prefix
    // (and, being synchronous, it costs no promise per request).
    ipv6Subnet: 64,
    ...(redis ? { redis, nameSpace: `${redisPrefix}:rate-limit:` } : {}),
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, `rate limit exceeded: retry in ${context.after}`, {
        'retry-after': String(Math.ceil(context.ttl / 1000)),
      }),
  });
}, 'microcap-security');
