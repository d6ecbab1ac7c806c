import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktestRequest } from '../src/app/backtest-run.ts';
import { InputError } from '../src/domain/errors.ts';
import { loadCsvFile } from '../src/market-data/csv.ts';
import { setOwner } from '../src/server/ownership.ts';
import { createUser } from '../src/server/user-admin.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { createRepositories } from '../src/store/repositories/index.ts';
import { projectRoot, sharedDataPath } from '../test/support/shared-data.ts';
import type { LoadRequest, LoadResult } from './support/load-client.ts';

/**
 * Load test of the API on loopback: the server runs in its own process (`microcap serve`,
 * SQLite, in-process queue) and autocannon, in a process of its own, drives 200 connections for
 * 10 s (after 3 s of unrecorded warm-up) against an authenticated list route and a one-year
 * bars query. Targets on 2 cores: >= 3,000 req/s, p99 < 50 ms, zero errors.
 *
 * Then the floor: the same load against bare Fastify (bench/support/bare-server.ts) answering
 * the very bytes `microcap serve` answered, with no authentication, headers, limits, metrics or
 * logs. With a fixed number of connections each waiting for its answer, the mean latency is
 * connections / throughput (Little's law), so the p99 of a route is bounded by how many
 * requests per second one core can serve; the floor shows that bound on this machine.
 */

const CONNECTIONS = 200;
const SECONDS = 10;
/** API_BENCH_WARM_UP_SECONDS=0 measures a cold server (JIT and caches still settling). */
const WARM_UP_SECONDS = warmUpSeconds(process.env.API_BENCH_WARM_UP_SECONDS);
const PASSWORD = 'bench password 0123456789';

async function seed(databaseUrl: string): Promise<void> {
  const store = await openDatabase(databaseUrl);
  try {
    await migrateToLatest(store);
    const repos = createRepositories(store);
    const user = await createUser(repos.users, {
      email: 'bench@example.com',
      password: PASSWORD,
      role: 'trader',
    });
    // Real daily bars (ORCL, 1995-2014, Yahoo format) as stored prices; the query asks for 2013.
    await repos.marketData.upsertBars(
      'BENCH',
      await loadCsvFile(sharedDataPath('orcl-1995-2014.txt'), { symbol: 'BENCH' }),
      'bench',
    );
    // Twenty saved backtests owned by the user, as the list route's rows.
    const { result } = await runBacktestRequest({
      strategy: 'ma-crossover',
      data: { kind: 'demo' },
    });
    for (let i = 0; i < 20; i++) {
      const id = await repos.backtests.save(result);
      await setOwner(store, 'backtest_results', id, user.id);
    }
  } finally {
    await store.close();
  }
}

/** API_BENCH_ROUTES=health,list,bars: only these routes (default all), e.g. to profile one. */
const ROUTES = ['health', 'list', 'bars'] as const;
type Route = (typeof ROUTES)[number];
const SELECTED = selectedRoutes(process.env.API_BENCH_ROUTES);

function warmUpSeconds(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 3;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 600) {
    throw new InputError('API_BENCH_WARM_UP_SECONDS', text, 'expected seconds from 0 to 600');
  }
  return seconds;
}

function selectedRoutes(text: string | undefined): ReadonlySet<Route> {
  if (text === undefined || text.trim() === '') return new Set(ROUTES);
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !(ROUTES as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw new InputError(
      'API_BENCH_ROUTES',
      text,
      `unknown route ${unknown} (use ${ROUTES.join(', ')})`,
    );
  }
  return new Set(names as Route[]);
}

function selected(route: Route): boolean {
  return SELECTED.has(route);
}

/** API_BENCH_CPU_PROF=<dir>: both servers write a V8 CPU profile there when they stop. */
function profileArgs(): string[] {
  const dir = process.env.API_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [...profileArgs(), join(projectRoot, 'src/cli/main.ts'), 'serve', '--port', '0'],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL: '',
        LOG_LEVEL: 'warn',
        MICROCAP_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
        MICROCAP_MASTER_KEY: '1:' + Buffer.alloc(32, 5).toString('base64'),
        // The benchmark is one client address: lift the per-IP limit above the load.
        MICROCAP_RATE_LIMIT_PER_MINUTE: '10000000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Dashboard: (http:\/\/\S+)\/\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, url };
}

/** CPU seconds the process has used (user + system), from /proc; null off Linux. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The load generator's process (bench/support/load-client.ts), started once per run. */
let client: ChildProcess | null = null;

function loadClient(): ChildProcess {
  client ??= fork(join(projectRoot, 'bench/support/load-client.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return client;
}

function drive(request: LoadRequest): Promise<LoadResult> {
  const child = loadClient();
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`load client exited with ${code}`));
    child.once('exit', exited);
    child.once('message', (result: LoadResult) => {
      child.off('exit', exited);
      resolve(result);
    });
    child.send(request);
  });
}

/**
 * Minor (scavenge) collections so far, from the server's /metrics (no series yet: none so far);
 * null for the bare server, which has no metrics.
 */
async function minorCollections(
  metricsUrl: string | null,
): Promise<{ count: number; seconds: number } | null> {
  if (metricsUrl === null) return null;
  const text = await (await fetch(metricsUrl)).text();
  const value = (series: string): number =>
    Number(
      new RegExp(`^nodejs_gc_duration_seconds_${series}\\{kind="minor"\\} (\\S+)$`, 'm').exec(
        text,
      )?.[1] ?? 0,
    );
  return { count: value('count'), seconds: value('sum') };
}

async function load(
  name: string,
  url: string,
  token: string | null,
  serverPid: number,
  metricsUrl: string | null = null,
): Promise<void> {
  const headers: Record<string, string> =
    token === null ? {} : { authorization: `Bearer ${token}` };
  // Unrecorded warm-up under the same load: the server's JIT and caches settle first.
  if (WARM_UP_SECONDS > 0) {
    await drive({ url, headers, connections: CONNECTIONS, seconds: WARM_UP_SECONDS });
  }
  const gcBefore = await minorCollections(metricsUrl);
  const cpuBefore = cpuSeconds(serverPid);
  const result = await drive({ url, headers, connections: CONNECTIONS, seconds: SECONDS });
  const cpuAfter = cpuSeconds(serverPid);
  const gcAfter = await minorCollections(metricsUrl);
  const { errors } = result;
  const cpuPerRequest =
    cpuBefore === null || cpuAfter === null || result.requests === 0
      ? null
      : ((cpuAfter - cpuBefore) * 1000) / result.requests;
  const verdict =
    result.requestsPerSecond >= 3_000 && result.p99 < 50 && errors === 0
      ? 'meets target'
      : 'BELOW target (>= 3,000 req/s, p99 < 50 ms, 0 errors)';
  console.log(
    `${name.padEnd(34)} ${Math.round(result.requestsPerSecond).toLocaleString('en-US').padStart(7)} req/s  ` +
      `p50 ${result.p50} ms  p90 ${result.p90} ms  p99 ${result.p99} ms  ` +
      `errors ${errors} (non-2xx ${result.non2xx}, timeouts ${result.timeouts})  ` +
      `${(result.bytesPerSecond / 2 ** 20).toFixed(1)} MiB/s  ${verdict}`,
  );
  if (cpuPerRequest !== null) {
    // Independent of what else the machine runs: how many requests one core could serve.
    console.log(
      `${''.padEnd(34)} server CPU ${cpuPerRequest.toFixed(3)} ms/request ` +
        `(= ${Math.round(1000 / cpuPerRequest).toLocaleString('en-US')} req/s per busy core); ` +
        `Little's law mean ${((CONNECTIONS / result.requestsPerSecond) * 1000).toFixed(1)} ms; ` +
        `machine load average ${loadavg()[0].toFixed(1)}`,
    );
  }
  if (gcBefore !== null && gcAfter !== null) {
    // Each scavenge stops the server's only thread: its pauses go straight into the tail.
    const pauses = gcAfter.count - gcBefore.count;
    const pausedMs = (gcAfter.seconds - gcBefore.seconds) * 1000;
    console.log(
      `${''.padEnd(34)} server scavenges ${pauses}, mean pause ${(pausedMs / Math.max(1, pauses)).toFixed(2)} ms, ` +
        `${((pausedMs / (SECONDS * 1000)) * 100).toFixed(1)} % of the time`,
    );
  }
}

/** The same load against bare Fastify answering the same bytes: the machine's floor. */
async function runFloor(bodies: Record<string, string>, bars: number): Promise<void> {
  const bare = fork(join(projectRoot, 'bench/support/bare-server.ts'), [], {
    execArgv: [...process.execArgv, ...profileArgs()],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      bare.once('message', (message: { port: number }) => resolve(message.port));
      bare.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
      bare.send({ bodies });
    });
    console.log(
      'floor: bare Fastify (no auth, headers, limits, metrics or logs) answering the same bytes',
    );
    const base = `http://127.0.0.1:${port}`;
    if (selected('health')) await load('bare /health body', `${base}/health`, null, bare.pid!);
    if (selected('list')) await load('bare list body (20 rows)', `${base}/list`, null, bare.pid!);
    if (selected('bars')) {
      await load(`bare bars body (${bars} bars)`, `${base}/bars`, null, bare.pid!);
    }
  } finally {
    await stop(bare);
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'microcap-api-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
  let child: ChildProcess | null = null;
  try {
    await seed(databaseUrl);
    const server = await startServer(databaseUrl);
    child = server.child;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const check = await fetch(
      `${server.url}/api/market-data/BENCH/bars?from=2013-01-01&to=2013-12-31`,
      {
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    const barsText = await check.text();
    const bars = (JSON.parse(barsText) as { bars: unknown[] }).bars.length;
    const listText = await (
      await fetch(`${server.url}/api/backtests`, {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).text();
    const healthText = await (await fetch(`${server.url}/health`)).text();
    console.log(
      `server: microcap serve (SQLite, LOG_LEVEL=warn), ${CONNECTIONS} connections, ${SECONDS} s each after ${WARM_UP_SECONDS} s of warm-up`,
    );
    const pid = child.pid!;
    const metricsUrl = `${server.url}/metrics`;
    if (selected('health')) {
      await load('GET /health (no auth, reference)', `${server.url}/health`, accessToken, pid);
    }
    if (selected('list')) {
      await load(
        'GET /api/backtests (20 rows)',
        `${server.url}/api/backtests`,
        accessToken,
        pid,
        metricsUrl,
      );
    }
    if (selected('bars')) {
      await load(
        `GET bars, 1 year (${bars} bars)`,
        `${server.url}/api/market-data/BENCH/bars?from=2013-01-01&to=2013-12-31`,
        accessToken,
        pid,
        metricsUrl,
      );
    }
    // The product's server stops first, so the floor has the machine to itself as it had.
    await stop(child);
    await runFloor({ '/health': healthText, '/list': listText, '/bars': barsText }, bars);
  } finally {
    if (child) await stop(child);
    client?.kill('SIGTERM');
    client = null;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SIGTERM, then wait (up to 10 s) for a clean exit, which writes the CPU profile if asked for. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}
