import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../../src/infra/logger.ts';
import { createKeyring, parseMasterKey } from '../../../src/infra/secrets.ts';
import { createInProcessQueue } from '../../../src/jobs/in-process-queue.ts';
import { generateDemoUniverse } from '../../../src/market-data/demo.ts';
import { createBacktestJobHandler } from '../../../src/server/backtest-job.ts';
import { buildServer } from '../../../src/server/build-server.ts';
import type { Role } from '../../../src/server/permissions.ts';
import { DEFAULT_WEB_ROOT } from '../../../src/server/plugins/web-static.ts';
import { testServerConfig } from '../../../src/server/server-config.ts';
import { ServerMetrics } from '../../../src/server/server-metrics.ts';
import { createUser } from '../../../src/server/user-admin.ts';
import { openDatabase } from '../../../src/store/database.ts';
import { migrateToLatest } from '../../../src/store/migrate.ts';
import { createRepositories } from '../../../src/store/repositories/index.ts';
import type { Repositories } from '../../../src/store/repositories/index.ts';

/**
 * The real API (buildServer, in-process job queue, SQLite in a temp folder) with the demo
 * universe loaded and one user per role, listening on a free loopback port and serving the
 * built dashboard at / exactly as `microcap serve` does.
 */

export const PASSWORD = 'dashboard-test-password-1';
export const ROLE_EMAILS: Readonly<Record<Role, string>> = {
  admin: 'admin@example.com',
  trader: 'trader@example.com',
  analyst: 'analyst@example.com',
  'portfolio-manager': 'pm@example.com',
  compliance: 'compliance@example.com',
  viewer: 'viewer@example.com',
};

export interface DashboardServer {
  readonly url: string;
  /** The API itself (for inject-based checks). */
  readonly api: FastifyInstance;
  /** Repositories of the server's store (to seed rows no route creates, e.g. AI insights). */
  readonly repos: Repositories;
  close(): Promise<void>;
}

export interface DashboardServerOptions {
  /** Load the synthetic demo universe into the store (default true). */
  readonly demo?: boolean;
}

export async function startDashboardServer(
  webRoot: string,
  options: DashboardServerOptions = {},
): Promise<DashboardServer> {
  const folder = mkdtempSync(join(tmpdir(), 'microcap-web-'));
  const store = await openDatabase(`sqlite:${join(folder, 'microcap.db')}`);
  await migrateToLatest(store);
  const repos = createRepositories(store);
  for (const [role, email] of Object.entries(ROLE_EMAILS)) {
    await createUser(repos.users, { email, password: PASSWORD, role: role as Role });
  }
  if (options.demo ?? true) {
    const universe = generateDemoUniverse();
    for (const series of universe.series) {
      await repos.marketData.upsertBars(series.symbol, series, 'demo');
    }
  }

  const metrics = new ServerMetrics();
  let api: FastifyInstance | null = null;
  const queue = createInProcessQueue({
    handlers: {
      backtest: (payload, context) =>
        createBacktestJobHandler({ store, bus: api?.services.bus, metrics })(payload, context),
    },
    concurrency: 1,
  });
  api = await buildServer({
    store,
    queue,
    metrics,
    config: testServerConfig({ jwtSecret: 'browser-test-secret-0123456789-0123456789-abc' }),
    keyring: createKeyring(parseMasterKey(`1:${Buffer.alloc(32, 9).toString('base64')}`)),
    logger: createLogger({ name: 'microcap-browser-test', level: 'warn' }),
  });
  const built = api;

  // buildServer serves the dashboard from dist/web (DEFAULT_WEB_ROOT) next to the API.
  const probe = await built.inject({ method: 'GET', url: '/' });
  const servedByApi =
    probe.statusCode === 200 && String(probe.headers['content-type']).startsWith('text/html');
  if (!servedByApi || resolve(webRoot) !== resolve(DEFAULT_WEB_ROOT)) {
    await built.close();
    throw new Error(`the server does not serve the dashboard from ${webRoot}: build it first`);
  }
  const url = await built.listen({ host: '127.0.0.1', port: 0 });

  return {
    url,
    api: built,
    repos,
    async close() {
      await built.close();
      await queue.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
