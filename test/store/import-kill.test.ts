import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMicrocap, spawnMicrocap } from './cli-runner.ts';

const ROWS = 300_000;
const BATCH = 2_000;
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(1200, 0, 1);

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A large, valid Yahoo-format file: ROWS consecutive days from 1200-01-01. */
function writeLargeCsv(path: string): void {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  for (let i = 0; i < ROWS; i++) {
    const close = 10 + (i % 1000) / 100;
    lines.push(
      `${isoDate(FIRST_DAY + i * DAY)},${close - 0.05},${close + 0.1},${close - 0.1},${close},${close},${1000 + i}`,
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Rows committed so far, read through a second connection (WAL lets it read while writing). */
function committedRows(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  try {
    const db = new Database(dbPath, { readonly: true, timeout: 1_000 });
    try {
      return (db.prepare('select count(*) as n from market_data').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not migrated yet, or briefly locked
  }
}

describe('data import killed with SIGKILL', () => {
  let dir: string;
  let csv: string;
  let dbPath: string;
  let url: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'microcap-kill-'));
    csv = join(dir, 'big.csv');
    dbPath = join(dir, 'kill.db');
    url = `sqlite:${dbPath}`;
    writeLargeCsv(csv);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves whole batches only, and a re-run ends with exactly the right row count', async () => {
    const child = spawnMicrocap(
      ['data', 'import', csv, '--symbol', 'KILL', '--batch-size', String(BATCH)],
      url,
    );
    const exited = once(child, 'exit');
    let seen = 0;
    const deadline = Date.now() + 60_000;
    while (child.exitCode === null && Date.now() < deadline) {
      seen = committedRows(dbPath);
      if (seen > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    expect(seen, 'some rows were committed before the kill').toBeGreaterThan(0);
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });

    const db = new Database(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const { n, first, last } = db
        .prepare('select count(*) as n, min(ts) as first, max(ts) as last from market_data')
        .get() as { n: number; first: number; last: number };
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(ROWS);
      expect(n % BATCH).toBe(0);
      // Batches commit in time order: what is there is exactly the first n days.
      expect(first).toBe(FIRST_DAY);
      expect(last).toBe(FIRST_DAY + (n - 1) * DAY);
      seen = n;
    } finally {
      db.close();
    }

    const rerun = runMicrocap(
      ['data', 'import', csv, '--symbol', 'KILL', '--batch-size', String(BATCH), '--json'],
      url,
    );
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(JSON.parse(rerun.stdout)[0]).toMatchObject({
      bars: ROWS,
      inserted: ROWS - seen,
      updated: 0,
      unchanged: seen,
    });
    expect(committedRows(dbPath)).toBe(ROWS);
  }, 180_000);
});
