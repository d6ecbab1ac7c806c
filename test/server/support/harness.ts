import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createLogger } from '../../../src/infra/logger.ts';
import { createKeyring, parseMasterKey } from '../../../src/infra/secrets.ts';
import type { Keyring } from '../../../src/infra/secrets.ts';
import { createInProcessQueue } from '../../../src/jobs/in-process-queue.ts';
import type { InProcessJobQueue } from '../../../src/jobs/in-process-queue.ts';
import { buildServer } from '../../../src/server/build-server.ts';
import { createBacktestJobHandler } from '../../../src/server/backtest-job.ts';
import type { Role } from '../../../src/server/permissions.ts';
import { testServerConfig } from '../../../src/server/server-config.ts';
import type { ServerConfig } from '../../../src/server/server-config.ts';
import { ServerMetrics } from '../../../src/server/server-metrics.ts';
import { createUser } from '../../../src/server/user-admin.ts';
import { openDatabase } from '../../../src/store/database.ts';
import type { Store } from '../../../src/store/database.ts';
import { migrateToLatest } from '../../../src/store/migrate.ts';
import { createRepositories } from '../../../src/store/repositories/index.ts';
import { createTestDatabase } from '../../support/db.ts';
import type { TestDatabase } from '../../support/db.ts';
import type { StoreDialect } from '../../../src/store/database.ts';

export const TEST_MASTER_KEY = '1:' + Buffer.alloc(32, 7).toString('base64');
export const PASSWORD = 'correct horse battery staple';

/** Everything a server test needs: app, store, queue and the captured log text. */
export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly queue: InProcessJobQueue;
  readonly keyring: Keyring;
  readonly config: ServerConfig;
  readonly database: TestDatabase;
  /** Every log line written so far (JSON lines). */
  logs(): string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly dialect?: StoreDialect;
  readonly config?: Partial<ServerConfig>;
  readonly redisUrl?: string;
  readonly redisPrefix?: string;
  /** Share an existing database (another test server's); it is then not dropped on close. */
  readonly database?: TestDatabase;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const shared = options.database !== undefined;
  const database = options.database ?? (await createTestDatabase(options.dialect ?? 'sqlite'));
  const store = await openDatabase(database.url);
  await migrateToLatest(store);
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({
    name: 'microcap-api-test',
    level: (process.env.TEST_LOG_LEVEL as 'debug') ?? 'debug',
    destination: sink,
  });
  const metrics = new ServerMetrics();
  const keyring = createKeyring(parseMasterKey(TEST_MASTER_KEY));
  const config = testServerConfig({
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    ...options.config,
  });
  let app: FastifyInstance | null = null;
  const queue = createInProcessQueue({
    handlers: {
      backtest: (payload, context) =>
        createBacktestJobHandler({
          store,
          bus: app?.services.bus,
          metrics,
        })(payload, context),
    },
    concurrency: 1,
  });
  app = await buildServer({
    store,
    queue,
    config,
    keyring,
    logger,
    metrics,
    redisUrl: options.redisUrl,
    redisPrefix: options.redisPrefix,
  });
  const built = app;
  return {
    app: built,
    store,
    queue,
    keyring,
    config,
    database,
    logs: () => chunks.join(''),
    async close() {
      await built.close();
      await queue.close();
      await store.close();
      if (!shared) await database.drop();
    },
  };
}

export async function addUser(
  server: TestServer,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
): Promise<{ id: string; email: string }> {
  const user = await createUser(createRepositories(server.store).users, {
    email,
    password: PASSWORD,
    role,
  });
  return { id: user.id, email: user.email };
}

export interface LoggedIn {
  readonly userId: string;
  readonly email: string;
  readonly accessToken: string;
  readonly csrfToken: string;
  /** Cookie header value carrying the refresh and CSRF-secret cookies. */
  readonly cookies: string;
  readonly refreshToken: string;
  readonly auth: { authorization: string };
}

/** Name=value pairs of the Set-Cookie headers of a response. */
export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cookie of response.cookies) out[cookie.name] = cookie.value;
  return out;
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

export async function login(
  server: TestServer,
  email: string,
  password = PASSWORD,
): Promise<LoggedIn> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
  });
  if (response.statusCode !== 200) {
    throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  }
  const body = response.json<{ accessToken: string; csrfToken: string; user: { id: string } }>();
  const cookies = cookiesOf(response);
  return {
    userId: body.user.id,
    email,
    accessToken: body.accessToken,
    csrfToken: body.csrfToken,
    cookies: cookieHeader(cookies),
    refreshToken: cookies.microcap_refresh,
    auth: { authorization: `Bearer ${body.accessToken}` },
  };
}

/** A user of the role, created and logged in. */
export async function userWithRole(server: TestServer, role: Role): Promise<LoggedIn> {
  const { email } = await addUser(server, role);
  return login(server, email);
}
