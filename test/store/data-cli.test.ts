import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot, sharedDataPath } from '../support/shared-data.ts';
import { runMicrocap } from './cli-runner.ts';

const fixture = (name: string) => join(projectRoot, 'test', 'fixtures', 'store', name);

// Each case spawns the CLI several times; a loaded CI machine needs minutes, not the 30 s default.
describe('microcap data / db commands', { timeout: 180_000 }, () => {
  let dir: string;
  let url: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'microcap-cli-'));
    url = `sqlite:${join(dir, 'cli.db')}`;
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file, re-imports it without changes, and lists it', () => {
    const file = sharedDataPath('orcl-2014.txt');
    const first = runMicrocap(['data', 'import', file, '--json'], url);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([
      {
        file: 'orcl-2014.txt',
        symbol: 'ORCL',
        source: 'csv',
        bars: 252,
        inserted: 252,
        updated: 0,
        unchanged: 0,
      },
    ]);
    const again = runMicrocap(['data', 'import', file, '--json'], url);
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: 252 });

    const list = runMicrocap(['data', 'list', '--json'], url);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      { symbol: 'ORCL', bars: 252, first: '2014-01-02', last: '2014-12-31', sources: ['csv'] },
    ]);
    const text = runMicrocap(['data', 'list'], url);
    expect(text.stdout).toMatch(/ORCL\s+252\s+2014-01-02\s+2014-12-31\s+csv/);
  });

  it('stores under --symbol and records --source', () => {
    const run = runMicrocap(
      ['data', 'import', fixture('gappy.csv'), '--symbol', 'gap', '--source', 'manual', '--json'],
      url,
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)[0]).toMatchObject({
      symbol: 'GAP',
      source: 'manual',
      inserted: 5,
    });
  });

  it('writes nothing when any file is bad, and exits 2 with one line naming the problem', () => {
    const run = runMicrocap(
      ['data', 'import', sharedDataPath('orcl-2014.txt'), fixture('bad-ohlc.csv')],
      url,
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/bad-ohlc\.csv line 3/);
    expect(run.stdout).toBe('');
    expect(JSON.parse(runMicrocap(['data', 'list', '--json'], url).stdout)).toEqual([]);

    const missing = runMicrocap(['data', 'import', join(dir, 'nope.csv')], url);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const batch = runMicrocap(['data', 'import', '--batch-size', 'x', fixture('gappy.csv')], url);
    expect(batch.status).toBe(2);
    expect(batch.stderr).toContain('--batch-size');
  });

  it('validates stored bars: clean series exit 0, gaps exit 1, unknown symbols exit 2', () => {
    runMicrocap(['data', 'import', sharedDataPath('orcl-2014.txt'), fixture('gappy.csv')], url);
    const clean = runMicrocap(['data', 'validate', 'orcl', '--json'], url);
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({
      symbol: 'ORCL',
      bars: 252,
      ok: true,
      issues: [],
    });

    const gappy = runMicrocap(['data', 'validate', 'GAPPY', '--json'], url);
    expect(gappy.status).toBe(1);
    // 10 weekdays are missing, but 2020-01-20 (Martin Luther King Jr. Day) is an NYSE holiday.
    expect(JSON.parse(gappy.stdout).issues).toEqual([
      {
        kind: 'gap',
        severity: 'warning',
        time: '2020-01-21',
        field: 'time',
        message:
          '9 trading day(s) missing before 2020-01-21: 2020-01-07, 2020-01-08, 2020-01-09, ...',
      },
    ]);
    const text = runMicrocap(['data', 'validate', 'GAPPY'], url);
    expect(text.stdout).toContain('1 issue(s)');

    const unknown = runMicrocap(['data', 'validate', 'NOPE'], url);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('NOPE');
  });

  it('db migrate is idempotent; a bad DATABASE_URL exits 2 without showing the password', () => {
    const first = runMicrocap(['db', 'migrate', '--json'], url);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout).applied.length).toBeGreaterThan(0);
    const second = runMicrocap(['db', 'migrate', '--json'], url);
    expect(JSON.parse(second.stdout)).toMatchObject({ dialect: 'sqlite', applied: [] });

    const bad = runMicrocap(['data', 'list'], 'postgres://me:hunter2@localhost');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('DATABASE_URL');
    expect(bad.stderr).not.toContain('hunter2');
  });
});
