import type { Redis } from 'ioredis';
import type { EventBus } from '../infra/event-bus.ts';
import type { Logger } from '../infra/logger.ts';
import type { Keyring } from '../infra/secrets.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { Store } from '../store/database.ts';
import type { Repositories } from '../store/repositories/index.ts';
import type { AuditTrail } from './audit-trail.ts';
import type { LoginGuard } from './auth/login-guard.ts';
import type { RefreshSessions } from './auth/refresh-sessions.ts';
import type { RevocationList } from './auth/revocation.ts';
import type { CredentialVault } from './credential-vault.ts';
import type { ServerMetrics } from './server-metrics.ts';
import type { Permission } from './permissions.ts';
import type { ServerConfig } from './server-config.ts';

/** Everything the routes reach, built once per app instance (no module-level state). */
export interface ServerServices {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly repos: Repositories;
  readonly audit: AuditTrail;
  readonly sessions: RefreshSessions;
  readonly revocations: RevocationList;
  readonly loginGuard: LoginGuard;
  readonly keyring: Keyring;
  readonly vault: CredentialVault;
  readonly bus: EventBus;
  readonly queue: JobQueue;
  readonly metrics: ServerMetrics;
  readonly redis: Redis | null;
  /** Prefix of every Redis key and channel this app uses. */
  readonly redisPrefix: string;
  readonly logger: Logger;
  /** Every route the app registered, with its permission (docs and completeness tests). */
  readonly routes: { method: string; url: string; permission: string | null }[];
}

/** The claims of an access token (and `request.user` once verified). */
export interface AccessClaims {
  /** User id. */
  readonly sub: string;
  readonly role: string;
  readonly email: string;
  /** Login family id: revoking it ends this token before it expires. */
  readonly sid: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ServerServices;
  }
  interface FastifyContextConfig {
    /** What the caller must hold; every /api route sets this or `public`. */
    permission?: Permission;
    /** Reachable without an access token (login, refresh with its own checks, health). */
    public?: boolean;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}
