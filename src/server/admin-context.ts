import { userInfo } from 'node:os';
import { Redis } from 'ioredis';
import { loadConfig } from '../infra/config.ts';
import type { Store } from '../store/database.ts';
import { createRepositories } from '../store/repositories/index.ts';
import type { Repositories } from '../store/repositories/index.ts';
import { withStore } from '../store/with-store.ts';
import { AuditTrail } from './audit-trail.ts';
import { RefreshSessions } from './auth/refresh-sessions.ts';
import { DatabaseRevocationList, RedisRevocationList } from './auth/revocation.ts';
import { loadServerConfig } from './server-config.ts';
import type { ServerConfig } from './server-config.ts';

/** What the admin CLI commands (users, audit, keys) share with the server. */
export interface AdminContext {
  readonly store: Store;
  readonly repos: Repositories;
  readonly config: ServerConfig;
  readonly audit: AuditTrail;
  readonly sessions: RefreshSessions;
  /** How CLI actions appear in the audit trail. */
  readonly actor: string;
}

/**
 * Opens the configured database (migrated), and Redis when REDIS_URL is set so revocations
 * reach running servers, runs `work`, and closes everything.
 */
export async function withAdminContext<T>(work: (context: AdminContext) => Promise<T>): Promise<T> {
  const shared = loadConfig();
  const config = loadServerConfig();
  const redis = shared.REDIS_URL
    ? new Redis(shared.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 })
    : null;
  try {
    return await withStore(async (store) => {
      const repos = createRepositories(store);
      const prefix = process.env.MICROCAP_REDIS_PREFIX?.trim() || 'microcap';
      const revocations = redis
        ? new RedisRevocationList(redis, prefix)
        : new DatabaseRevocationList(store);
      return work({
        store,
        repos,
        config,
        audit: new AuditTrail(repos.audit, config.auditKey),
        sessions: new RefreshSessions(store, {
          ttlDays: config.refreshTokenTtlDays,
          accessTtlSeconds: config.accessTokenTtlSeconds,
          revocations,
        }),
        actor: cliActor(),
      });
    }, shared.DATABASE_URL);
  } finally {
    await redis?.quit().catch(() => undefined);
  }
}

/** The audit actor of CLI commands: `cli:<os user>`. */
export function cliActor(): string {
  return `cli:${safeUserName()}`;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
