import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared-data.ts';
import { harness } from './support/harnesses.ts';
import { startReplayServer } from './support/replay-server.ts';
import type { ReplayServer } from './support/replay-server.ts';

const script = join(projectRoot, 'src', 'cli', 'main.ts');
let dir: string;
let yahoo: ReplayServer;
let tiingo: ReplayServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcap-fetch-'));
  yahoo = await startReplayServer(harness('yahoo').route);
  tiingo = await startReplayServer(harness('tiingo').route);
});

beforeEach(() => {
  yahoo.handler = harness('yahoo').route;
  tiingo.handler = harness('tiingo').route;
});

afterAll(async () => {
  await yahoo.close();
  await tiingo.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI asynchronously (the replay servers live in this process). */
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: `sqlite:${join(dir, 'test.db')}`,
        MARKET_DATA_PROVIDERS: 'yahoo,tiingo',
        MARKET_DATA_RETRIES: '0',
        YAHOO_BASE_URL: yahoo.baseUrl,
        TIINGO_BASE_URL: tiingo.baseUrl,
        TIINGO_API_KEY: 'test-key-123',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

describe('microcap data fetch', () => {
  it('fails over to the next provider and stores bars with that source', async () => {
    yahoo.handler = () => ({ status: 500, body: 'internal error' });
    const run = await cli(
      ['data', 'fetch', 'ACME', '--from', '2024-01-01', '--to', '2024-01-31', '--json'],
      {},
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      symbol: 'ACME',
      source: 'tiingo',
      bars: 5,
      first: '2024-01-02',
      last: '2024-01-08',
    });
    expect(report.stored).toEqual({ inserted: 5, updated: 0, unchanged: 0 });
    expect(report.attempts[0]).toMatchObject({ provider: 'yahoo', outcome: 'failed' });
    const list = await cli(['data', 'list', '--json'], {});
    expect(JSON.parse(list.stdout)).toEqual([
      { symbol: 'ACME', bars: 5, first: '2024-01-02', last: '2024-01-08', sources: ['tiingo'] },
    ]);
  });

  it('adjusts an unadjusted split reported by the provider and says so', async () => {
    const run = await cli(
      [
        'data',
        'fetch',
        'SPLT',
        '--from',
        '2024-01-01',
        '--to',
        '2024-01-31',
        '--provider',
        'tiingo',
        '--no-store',
        '--json',
      ],
      {},
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.splits).toEqual([{ date: '2024-01-04', ratio: 2 }]);
    expect(report.validation.changes).toHaveLength(1);
    expect(report.validation.changes[0].message).toMatch(/before the 2:1 split on 2024-01-04/);
    expect(report.stored).toBeNull();
  });

  it('writes nothing when the only provider answers malformed JSON', async () => {
    yahoo.handler = () => ({ body: '{"chart": {"result": [' });
    const run = await cli(['data', 'fetch', 'BADJ', '--from', '2024-01-01', '--to', '2024-01-31'], {
      MARKET_DATA_PROVIDERS: 'yahoo',
      DATABASE_URL: `sqlite:${join(dir, 'malformed.db')}`,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('yahoo: unexpected response: body: not valid JSON');
    const list = await cli(['data', 'list', '--json'], {
      DATABASE_URL: `sqlite:${join(dir, 'malformed.db')}`,
    });
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('exits 2 with one line for bad input and bad configuration', async () => {
    let run = await cli(['data', 'fetch', 'ACME', '--from', '2024-02-30'], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('microcap: --from: not a calendar date (got "2024-02-30")\n');
    run = await cli(['data', 'fetch', 'ACME', '--from', '2024-01-01'], {
      MARKET_DATA_PROVIDERS: 'yahoo,bloomberg',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^microcap: MARKET_DATA_PROVIDERS: unknown provider "bloomberg"/);
    run = await cli(['data', 'fetch', 'NOPE', '--from', '2024-01-01', '--to', '2024-01-31'], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('microcap: symbol: no provider knows it (got "NOPE")\n');
  });
});
