import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceBarSeries } from '../../src/domain/bars.ts';
import { toIsoDate } from '../../src/domain/time.ts';
import { loadCsvFile, seriesToCsv } from '../../src/market-data/csv.ts';
import { runMicrocap } from '../support/cli.ts';
import { projectRoot, sharedDataPath } from '../support/shared-data.ts';

let dir: string;
let env: NodeJS.ProcessEnv;
let lastDate: string;
let firstDate: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcap-paper-crash-'));
  const orcl = await loadCsvFile(sharedDataPath('orcl-1995-2014.txt'), { symbol: 'ORCL' });
  const part = sliceBarSeries(orcl, 0, 400);
  writeFileSync(join(dir, 'ORCL.csv'), seriesToCsv(part));
  firstDate = toIsoDate(part.time[0]);
  lastDate = toIsoDate(part.time[part.length - 1]);
  // Catch-up over 400 days in one run: old decisions must not count as stale here.
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({ pipeline: { validation: { maxDataAgeDays: 3650 } } }),
  );
  env = { DATABASE_URL: `sqlite:${join(dir, 'paper.db')}`, MICROCAP_FAULT: '' };
  for (const name of ['clean', 'crashed-a', 'crashed-b']) {
    const created = runMicrocap(
      [
        'paper',
        'create',
        name,
        '--cash',
        '100000',
        '--strategy',
        'ma-crossover',
        '--param',
        'fast=5',
        '--param',
        'slow=20',
        '--symbols',
        'ORCL',
        '--sizing',
        'percent:50',
        '--no-risk-limits',
        '--settings',
        join(dir, 'settings.json'),
        '--start',
        firstDate,
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(name: string, fault = '') {
  return runMicrocap(
    ['paper', 'run', '--portfolio', name, '--date', lastDate, '--data', dir, '--json'],
    { ...env, MICROCAP_FAULT: fault },
  );
}

function exported(name: string): { portfolio: string; trades: string } {
  const out = join(dir, `export-${name}`);
  const result = runMicrocap(['paper', 'export', name, '--out', out], env);
  expect(result.status).toBe(0);
  return {
    portfolio: readFileSync(join(out, 'chatgpt_portfolio_update.csv'), 'utf8'),
    trades: readFileSync(join(out, 'chatgpt_trade_log.csv'), 'utf8'),
  };
}

describe('paper run killed midway (SIGKILL) and re-run executes nothing twice', () => {
  it('a clean run trades, and running the same date again does nothing', () => {
    const first = run('clean');
    expect(first.status).toBe(0);
    const summary = JSON.parse(first.stdout) as { status: string; tradeLog: unknown[] };
    expect(summary.status).toBe('completed');
    expect(summary.tradeLog.length).toBeGreaterThan(4);
    const again = JSON.parse(run('clean').stdout) as { status: string; tradeLog: unknown[] };
    expect(again).toMatchObject({ status: 'already-done', tradeLog: [] });
  }, 90_000);

  for (const [name, point] of [
    ['crashed-a', 'paper-run:after-trade-log'],
    ['crashed-b', 'paper-run:before-commit'],
  ] as const) {
    it(`killed at ${point}: no trace, then the re-run matches the clean portfolio exactly`, () => {
      const killed = spawnSync(
        process.execPath,
        [
          join(projectRoot, 'src/cli/main.ts'),
          'paper',
          'run',
          '--portfolio',
          name,
          '--date',
          lastDate,
          '--data',
          dir,
        ],
        {
          cwd: projectRoot,
          encoding: 'utf8',
          env: { ...process.env, ...env, MICROCAP_FAULT: point },
        },
      );
      expect(killed.signal).toBe('SIGKILL');
      const before = exported(name);
      // Nothing of the killed run was committed: the files hold only their header.
      expect(before.trades.trim().split('\n')).toHaveLength(1);
      expect(before.portfolio.trim().split('\n')).toHaveLength(1);
      const rerun = JSON.parse(run(name).stdout) as { status: string };
      expect(rerun.status).toBe('completed');
      const twice = JSON.parse(run(name).stdout) as { status: string };
      expect(twice.status).toBe('already-done');
      expect(exported(name)).toEqual(exported('clean'));
    }, 90_000);
  }
});
