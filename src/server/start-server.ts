import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { loadDemoDataIfEmpty } from '../app/demo-data.ts';
import { storeBarSource } from '../paper/bar-source.ts';
import { createPaperRunJobHandler } from '../paper/job.ts';
import { startScheduler } from '../signals/scheduler.ts';
import { loadConfig } from '../infra/config.ts';
import { createLogger } from '../infra/logger.ts';
import { createEventBus } from '../infra/event-bus.ts';
import { resolveKeyring } from '../infra/secrets.ts';
import { createJobQueue } from '../jobs/create-queue.ts';
import { createJobHandlers } from '../jobs/handlers.ts';
import { storeJobPersistence } from '../jobs/persistence.ts';
import type { JobQueue } from '../jobs/types.ts';
import { openDatabase } from '../store/database.ts';
import type { Store } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { createRepositories } from '../store/repositories/index.ts';
import { createBacktestJobHandler } from './backtest-job.ts';
import { buildServer } from './build-server.ts';
import { tuneGarbageCollectionForServing } from './gc-tuning.ts';
import { loadServerConfig } from './server-config.ts';
import { ServerMetrics } from './server-metrics.ts';
import { ensureFirstAdmin } from './user-admin.ts';
import type { FirstAdmin } from './user-admin.ts';

export interface StartServerOptions {
  readonly host?: string;
  readonly port?: number;
  /** Told once about a newly created first admin (the CLI prints it). */
  readonly onFirstAdmin?: (admin: FirstAdmin) => void;
  /** Told how many synthetic demo series were stored on a first start with no data. */
  readonly onDemoData?: (series: number) => void;
  /** Extra plugins after the API routes. */
  readonly plugins?: readonly FastifyPluginAsync[];
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly store: Store;
  readonly queue: JobQueue;
  stop(): Promise<void>;
}

/**
 * What `microcap serve` does: validate configuration, open and migrate the database, create
 * the first admin on an empty users table, start the job queue (in-process, or BullMQ with
 * REDIS_URL) and listen. stop() closes everything in reverse order.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  tuneGarbageCollectionForServing();
  const shared = loadConfig();
  const config = loadServerConfig();
  const logger = createLogger({ name: 'microcap-api', level: shared.LOG_LEVEL });
  // Before anything is written: production refuses to start without a master key.
  const keyring = resolveKeyring({
    masterKey: config.masterKey,
    oldMasterKeys: config.oldMasterKeys,
    production: config.production,
    keyFile: config.masterKeyFile,
    warn: (message) => logger.warn(message),
  });
  const store = await openDatabase(shared.DATABASE_URL);
  let queue: JobQueue | null = null;
  try {
    await migrateToLatest(store);
    const admin = await ensureFirstAdmin(createRepositories(store).users, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
    });
    if (admin) options.onFirstAdmin?.(admin);
    if (config.demoData) {
      const loaded = await loadDemoDataIfEmpty(store);
      if (loaded > 0) options.onDemoData?.(loaded);
    }
    const metrics = new ServerMetrics();
    const prefix = process.env.MICROCAP_REDIS_PREFIX?.trim() || 'microcap';
    const bus = createEventBus({ redisUrl: shared.REDIS_URL, prefix });
    queue = await createJobQueue({
      REDIS_URL: shared.REDIS_URL,
      handlers: {
        ...createJobHandlers(),
        // The API's backtests are stored (with their owner) and announced on the bus.
        backtest: createBacktestJobHandler({ store, bus, metrics }),
        'paper-run': createPaperRunJobHandler({ databaseUrl: shared.DATABASE_URL }),
      },
      persistence: storeJobPersistence(store),
      concurrency: 2,
    });
    const app = await buildServer({
      store,
      queue,
      config,
      bus,
      metrics,
      logger,
      keyring,
      redisUrl: shared.REDIS_URL,
      redisPrefix: prefix,
      plugins: options.plugins,
    });
    const runningQueue = queue;
    // Saved schedules run each due time exactly once across all server processes (the
    // database claim decides; with Redis, BullMQ job schedulers fire them).
    const scheduler = await startScheduler({
      deps: { store, bars: storeBarSource(store), events: bus },
      redisUrl: shared.REDIS_URL,
      prefix,
      onError: (error) => logger.warn({ err: error }, 'schedule poll failed'),
    });
    const url = await app.listen({
      host: options.host ?? config.host,
      port: options.port ?? config.port,
    });
    return {
      app,
      url,
      store,
      queue: runningQueue,
      async stop() {
        await scheduler.stop();
        await app.close();
        await runningQueue.close();
        await bus.close();
        await store.close();
      },
    };
  } catch (error) {
    await queue?.close().catch(() => undefined);
    await store.close();
    throw error;
  }
}
