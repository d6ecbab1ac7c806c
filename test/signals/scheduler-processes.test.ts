import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoUniverse } from '../../src/market-data/demo.ts';
import { seriesToCsv } from '../../src/market-data/csv.ts';
import { runMicrocap } from '../support/cli.ts';
import { projectRoot } from '../support/shared-data.ts';

const REDIS_URL = process.env.MICROCAP_TEST_REDIS_URL;
if (!REDIS_URL) {
  console.warn(
    '[scheduler tests] MICROCAP_TEST_REDIS_URL is not set: skipping the BullMQ two-process test',
  );
}

interface DaemonLine {
  readonly started?: string;
  readonly mode?: string;
  readonly owner?: string;
  readonly outcome?: string;
  readonly dueAt?: number;
}

/** Runs `schedules daemon` for `seconds` and returns its JSON lines. */
function daemon(env: NodeJS.ProcessEnv, dataDir: string, seconds: number): Promise<DaemonLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(projectRoot, 'src/cli/main.ts'),
        'schedules',
        'daemon',
        '--data',
        dataDir,
        '--duration',
        String(seconds),
        '--poll-ms',
        '200',
      ],
      { cwd: projectRoot, env: { ...process.env, ...env } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`daemon exited ${code}: ${err}`));
      else
        resolve(
          out
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as DaemonLine),
        );
    });
  });
}

let dir: string;
let dataDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcap-scheduler-'));
  dataDir = join(dir, 'data');
  const universe = generateDemoUniverse({ symbols: 3, days: 80 });
  mkdirSync(dataDir);
  for (const s of universe.series) writeFileSync(join(dataDir, `${s.symbol}.csv`), seriesToCsv(s));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh database with one schedule due every 2 seconds over the demo symbols. */
function freshDatabase(name: string): NodeJS.ProcessEnv {
  const env = { DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`, REDIS_URL: '' };
  const symbols = generateDemoUniverse({ symbols: 3, days: 80 }).series.map((s) => s.symbol);
  const added = runMicrocap(
    [
      'schedules',
      'add',
      'every-2s',
      '--strategy',
      'rsi',
      '--symbols',
      symbols.join(','),
      '--cron',
      '*/2 * * * * *',
      '--timezone',
      'UTC',
    ],
    env,
  );
  expect(added.stderr).toBe('');
  expect(added.status).toBe(0);
  return env;
}

function storedRuns(
  env: NodeJS.ProcessEnv,
): { dueAt: number; claimedBy: string; status: string }[] {
  const result = runMicrocap(['schedules', 'runs', 'every-2s', '--json', '--limit', '1000'], env);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { dueAt: number; claimedBy: string; status: string }[];
}

function checkExactlyOnce(lines: DaemonLine[][], env: NodeJS.ProcessEnv): DaemonLine[] {
  const ran = lines.flat().filter((l) => l.outcome === 'ran');
  const dues = ran.map((l) => l.dueAt);
  expect(ran.length).toBeGreaterThanOrEqual(2);
  expect(new Set(dues).size).toBe(dues.length);
  const runs = storedRuns(env);
  expect(runs.map((r) => r.dueAt).sort()).toEqual([...dues].sort());
  for (const run of runs) {
    expect(run.status).toBe('completed');
    expect(ran.find((l) => l.dueAt === run.dueAt)?.owner).toBe(run.claimedBy);
  }
  return ran;
}

describe('two scheduler processes run each due time once', () => {
  it('in-process schedulers sharing the database: the claim decides', async () => {
    const env = freshDatabase('in-process');
    const lines = await Promise.all([daemon(env, dataDir, 7), daemon(env, dataDir, 7)]);
    expect(lines.map((l) => l[0].mode)).toEqual(['in-process', 'in-process']);
    checkExactlyOnce(lines, env);
  }, 90_000);

  it.skipIf(!REDIS_URL)(
    'with Redis (BullMQ job schedulers): one delivery per due time',
    async () => {
      const prefix = `microcap_t_${process.pid}_${randomBytes(4).toString('hex')}`;
      const env = { ...freshDatabase('bullmq'), REDIS_URL, MICROCAP_REDIS_PREFIX: prefix };
      try {
        const lines = await Promise.all([daemon(env, dataDir, 9), daemon(env, dataDir, 9)]);
        expect(lines.map((l) => l[0].mode)).toEqual(['bullmq', 'bullmq']);
        checkExactlyOnce(lines, env);
        // BullMQ delivered each occurrence to one process: no duplicate ever reached the claim.
        expect(lines.flat().filter((l) => l.outcome === 'claim-lost')).toEqual([]);
      } finally {
        const connection = new Redis(REDIS_URL as string, { maxRetriesPerRequest: null });
        const queue = new Queue('schedules', { connection, prefix });
        await queue.obliterate({ force: true });
        await queue.close();
        await connection.quit();
      }
    },
    90_000,
  );
});
