import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runBacktestRequest } from '../src/app/backtest-run.ts';
import { createBarSeries } from '../src/domain/bars.ts';
import { setOwner } from '../src/server/ownership.ts';
import { createUser } from '../src/server/user-admin.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { createRepositories } from '../src/store/repositories/index.ts';
import { projectRoot } from '../test/support/shared-data.ts';

/**
 * Load test of the API on loopback: the server runs in its own process (`microcap serve`,
 * SQLite, in-process queue) and autocannon drives 200 connections for 10 s against an
 * authenticated list route and a one-year bars query. Targets on 2 cores: >= 3,000 req/s,
 * p99 < 50 ms, zero errors.
 */

const CONNECTIONS = 200;
const SECONDS = 10;
const PASSWORD = 'bench password 0123456789';
const DAY = 86_400_000;

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
    // Ten years of weekday bars for BENCH; the query asks for one of them.
    const days: number[] = [];
    for (let t = Date.UTC(2015, 0, 1); t < Date.UTC(2025, 0, 1); t += DAY) {
      const weekday = new Date(t).getUTCDay();
      if (weekday !== 0 && weekday !== 6) days.push(t);
    }
    const n = days.length;
    const close = Float64Array.from(days, (_, i) => 20 + Math.sin(i / 40) * 5 + i / 500);
    await repos.marketData.upsertBars(
      'BENCH',
      createBarSeries('BENCH', {
        time: Float64Array.from(days),
        open: close.map((c) => c * 0.995),
        high: close.map((c) => c * 1.01),
        low: close.map((c) => c * 0.99),
        close,
        volume: Float64Array.from({ length: n }, (_, i) => 100_000 + (i % 1_000)),
      }),
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

/** API_BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops. */
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

async function load(name: string, url: string, token: string, serverPid: number): Promise<void> {
  const cpuBefore = cpuSeconds(serverPid);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
  });
  const cpuAfter = cpuSeconds(serverPid);
  // autocannon counts timeouts among errors already.
  const errors = result.errors + result.non2xx;
  const cpuPerRequest =
    cpuBefore === null || cpuAfter === null || result.requests.total === 0
      ? null
      : ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
  const verdict =
    result.requests.average >= 3_000 && result.latency.p99 < 50 && errors === 0
      ? 'meets target'
      : 'BELOW target (>= 3,000 req/s, p99 < 50 ms, 0 errors)';
  console.log(
    `${name.padEnd(34)} ${Math.round(result.requests.average).toLocaleString('en-US').padStart(7)} req/s  ` +
      `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
      `errors ${errors} (non-2xx ${result.non2xx}, timeouts ${result.timeouts})  ` +
      `${(result.throughput.average / 2 ** 20).toFixed(1)} MiB/s  ${verdict}`,
  );
  if (cpuPerRequest !== null) {
    // Independent of what else the machine runs: how many requests one core could serve.
    console.log(
      `${''.padEnd(34)} server CPU ${cpuPerRequest.toFixed(3)} ms/request ` +
        `(= ${Math.round(1000 / cpuPerRequest).toLocaleString('en-US')} req/s per busy core); ` +
        `machine load average ${loadavg()[0].toFixed(1)}`,
    );
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
      `${server.url}/api/market-data/BENCH/bars?from=2023-01-01&to=2023-12-31`,
      {
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    const bars = ((await check.json()) as { bars: unknown[] }).bars.length;
    console.log(
      `server: microcap serve (SQLite, LOG_LEVEL=warn), ${CONNECTIONS} connections, ${SECONDS} s each`,
    );
    const pid = child.pid!;
    await load('GET /health (no auth, reference)', `${server.url}/health`, accessToken, pid);
    await load('GET /api/backtests (20 rows)', `${server.url}/api/backtests`, accessToken, pid);
    await load(
      `GET bars, 1 year (${bars} bars)`,
      `${server.url}/api/market-data/BENCH/bars?from=2023-01-01&to=2023-12-31`,
      accessToken,
      pid,
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      // Let it close cleanly (and write its profile, if asked for).
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
