import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { createEventBus } from '../infra/event-bus.ts';
import type { EventBus } from '../infra/event-bus.ts';
import { createLogger } from '../infra/logger.ts';
import type { Logger } from '../infra/logger.ts';
import { resolveKeyring } from '../infra/secrets.ts';
import type { Keyring } from '../infra/secrets.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { Store } from '../store/database.ts';
import { createRepositories } from '../store/repositories/index.ts';
import { AuditTrail } from './audit-trail.ts';
import { MemoryLoginGuard, RedisLoginGuard } from './auth/login-guard.ts';
import { RefreshSessions } from './auth/refresh-sessions.ts';
import { DatabaseRevocationList, RedisRevocationList } from './auth/revocation.ts';
import { CredentialVault } from './credential-vault.ts';
import { authPlugin } from './plugins/auth.ts';
import { docsPlugin } from './plugins/docs.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { securityPlugin } from './plugins/security.ts';
import { webStaticPlugin } from './plugins/web-static.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { backtestRoutes } from './routes/backtests.ts';
import { credentialRoutes } from './routes/credentials.ts';
import { healthRoutes } from './routes/health.ts';
import { jobRoutes } from './routes/jobs.ts';
import { marketDataRoutes } from './routes/market-data.ts';
import { optimizationRoutes } from './routes/optimizations.ts';
import { paperRoutes } from './routes/paper.ts';
import { portfolioRoutes } from './routes/portfolios.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { signalRoutes } from './routes/signals.ts';
import { strategyRoutes } from './routes/strategies.ts';
import { userRoutes } from './routes/users.ts';
import { loadServerConfig } from './server-config.ts';
import type { ServerConfig } from './server-config.ts';
import { ServerMetrics } from './server-metrics.ts';
import { lazyChildLoggerFactory } from './lazy-request-logger.ts';
import type { ServerServices } from './services.ts';
import './services.ts';

export interface BuildServerOptions {
  /** An open, migrated store; the caller closes it. */
  readonly store: Store;
  /** The job queue backtests are submitted to; the caller closes it. */
  readonly queue: JobQueue;
  /** Default: loadServerConfig() from the environment. */
  readonly config?: ServerConfig;
  /** redis://… : rate limits, revocations, login lockouts and events go through Redis. */
  readonly redisUrl?: string;
  /** Key and channel prefix in Redis (tests use a unique one). Default `microcap`. */
  readonly redisPrefix?: string;
  /** Default: Redis pub/sub with redisUrl, else in-process. Closed with the app if made here. */
  readonly bus?: EventBus;
  readonly metrics?: ServerMetrics;
  /** Default: from MICROCAP_MASTER_KEY (development: generated key file, with a warning). */
  readonly keyring?: Keyring;
  /** Default: pino JSON on stderr with secrets redacted, at LOG_LEVEL. */
  readonly logger?: Logger;
  /**
   * More plugins registered after the API routes (e.g. the dashboard's static files). Their
   * /api routes, if any, must declare a permission like every other.
   */
  readonly plugins?: readonly FastifyPluginAsync[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The Fastify app with every plugin and route, ready for `app.inject` (tests) or
 * `app.listen` (`microcap serve`). Each call builds independent services and metrics.
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const config = options.config ?? loadServerConfig();
  const logger =
    options.logger ??
    createLogger({ name: 'microcap-api', level: (process.env.LOG_LEVEL as 'info') ?? 'info' });
  const prefix = options.redisPrefix ?? 'microcap';
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 })
    : null;
  const ownsBus = options.bus === undefined;
  const bus = options.bus ?? createEventBus({ redisUrl: options.redisUrl, prefix });
  const keyring =
    options.keyring ??
    resolveKeyring({
      masterKey: config.masterKey,
      oldMasterKeys: config.oldMasterKeys,
      production: config.production,
      keyFile: config.masterKeyFile,
      warn: (message) => logger.warn(message),
    });
  const repos = createRepositories(options.store);
  const revocations = redis
    ? new RedisRevocationList(redis, prefix)
    : new DatabaseRevocationList(options.store);
  const guardOptions = {
    maxFailures: config.loginMaxFailures,
    lockoutSeconds: config.loginLockoutSeconds,
  };
  const services: ServerServices = {
    config,
    store: options.store,
    repos,
    audit: new AuditTrail(repos.audit, config.auditKey),
    sessions: new RefreshSessions(options.store, {
      ttlDays: config.refreshTokenTtlDays,
      accessTtlSeconds: config.accessTokenTtlSeconds,
      revocations,
    }),
    revocations,
    loginGuard: redis
      ? new RedisLoginGuard(redis, guardOptions, prefix)
      : new MemoryLoginGuard(guardOptions),
    keyring,
    vault: new CredentialVault(repos.credentials, keyring),
    bus,
    queue: options.queue,
    metrics: options.metrics ?? new ServerMetrics(),
    redis,
    redisPrefix: prefix,
    logger,
    routes: [],
  };

  const app = Fastify({
    loggerInstance: logger,
    // Request loggers (bound to the request id) are made only when a line is written.
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.decorate('services', services);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const permission = route.config?.permission ?? null;
    for (const method of methods) {
      services.routes.push({ method: String(method), url: route.url, permission });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Callback hooks on the hot path: an async hook costs a promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', String(request.id));
    done();
  });
  app.addHook('onClose', async () => {
    if (ownsBus) await bus.close();
    if (redis) await redis.quit().catch(() => undefined);
  });

  await app.register(errorsPlugin);
  await app.register(securityPlugin);
  await app.register(metricsPlugin);
  await app.register(docsPlugin);
  await app.register(authPlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(strategyRoutes);
  await app.register(backtestRoutes);
  await app.register(optimizationRoutes);
  await app.register(jobRoutes);
  await app.register(marketDataRoutes);
  await app.register(signalRoutes);
  await app.register(portfolioRoutes);
  await app.register(auditRoutes);
  await app.register(credentialRoutes);
  await app.register(paperRoutes);
  await app.register(scheduleRoutes);
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  // The dashboard at / (outside the OpenAPI document; /api, /docs and probes keep their 404s).
  await app.register(webStaticPlugin);
  await app.ready();
  // The pino instance narrows Fastify's logger type; callers only need the base interface.
  return app as unknown as FastifyInstance;
}
