import { randomBytes } from 'node:crypto';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VerifiedTokens } from '../auth/verified-tokens.ts';
import type { ExpiringClaims } from '../auth/verified-tokens.ts';
import { forbidden, unauthorized } from '../http-errors.ts';
import { can, isPermission } from '../permissions.ts';
import type { AccessClaims } from '../services.ts';
import { globalPlugin } from './global-plugin.ts';

export const ACCESS_ALGORITHM = 'HS256';

/**
 * Authentication and role checks for every /api route:
 * - access tokens are JWTs signed with HS256 only (`alg: none` and every other algorithm are
 *   refused), with issuer, audience and expiry checked, and a login family id (`sid`) that is
 *   looked up in the revocation list on each request;
 * - each /api route must declare `config.permission` (or `config.public`): a route without one
 *   stops the server at start-up, so no route is ever left unguarded by accident;
 * - the check runs in onRequest, before the body is read or validated.
 */
export const authPlugin = globalPlugin(async (app: FastifyInstance) => {
  const { config, revocations } = app.services;
  await app.register(jwt, {
    // Without a configured secret (development), tokens are valid for this process only.
    secret: config.jwtSecret ?? randomBytes(48).toString('base64url'),
    sign: {
      algorithm: ACCESS_ALGORITHM,
      iss: config.jwtIssuer,
      aud: config.jwtAudience,
      expiresIn: config.accessTokenTtlSeconds * 1000,
    },
    verify: {
      algorithms: [ACCESS_ALGORITHM],
      allowedIss: config.jwtIssuer,
      allowedAud: config.jwtAudience,
      requiredClaims: ['exp', 'iat', 'sub', 'sid', 'role'],
      // Verified tokens are cached below (VerifiedTokens), by their text.
      cache: false,
    },
  });
  // The plugin's global verifier (HS256 only, issuer, audience, expiry and required claims),
  // called directly: request.jwtVerify re-merges options, decodes the token once more and runs
  // a callback waterfall on every request.
  const tokens = new VerifiedTokens<AccessClaims & ExpiringClaims>(
    (token) => app.jwt.verify(token),
    { maxEntries: 10_000 },
  );

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const permission = route.config?.permission;
    if (route.config?.public === true) return;
    if (permission === undefined || !isPermission(permission)) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no valid permission ` +
          '(set config.permission from src/server/permissions.ts, or config.public)',
      );
    }
  });

  app.addHook('onRequest', async (request) => {
    const routeConfig = request.routeOptions.config;
    const permission = routeConfig?.permission;
    if (permission === undefined) return;
    const claims = authenticate(request, tokens);
    if (await revocations.isRevoked(claims.sid)) throw unauthorized('session revoked');
    if (!can(claims.role, permission)) {
      throw forbidden(`role ${claims.role} lacks permission ${permission}`);
    }
  });
}, 'microcap-auth');

const BEARER = /^Bearer\s+(\S+)$/i;

function authenticate(
  request: FastifyRequest,
  tokens: VerifiedTokens<AccessClaims & ExpiringClaims>,
): AccessClaims {
  const header = request.headers.authorization;
  const token = header === undefined ? null : BEARER.exec(header)?.[1];
  if (!token) {
    throw unauthorized('send an access token: Authorization: Bearer <token>');
  }
  try {
    const claims = tokens.verify(token);
    request.user = claims;
    return claims;
  } catch {
    // One message for every failure (bad signature, algorithm, audience, expiry).
    throw unauthorized('invalid or expired access token');
  }
}

/** The verified caller; only valid on routes with a permission. */
export function caller(request: FastifyRequest): AccessClaims {
  return request.user;
}
