import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../test/support/shared-data.ts';
import { loadCsvFile } from '../../market-data/csv.ts';
import { DEMO_README, parseWholeFlag, writeFolderAtomically } from './demo-data.ts';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(projectRoot, 'src/cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: projectRoot,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'microcap-demo-data-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('microcap demo-data', () => {
  it('writes one Yahoo-format CSV per ticker, SYN-INDEX, a README and metadata', async () => {
    const out = join(root, 'demo');
    const { status, stdout, stderr } = cli('demo-data', '--out', out);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('Wrote 50 SYNTHETIC tickers and SYN-INDEX');
    const files = (await readdir(out)).sort();
    expect(files.filter((f) => f.endsWith('.csv'))).toHaveLength(51);
    expect(files).toContain('SYN-INDEX.csv');
    expect(files).toContain(DEMO_README);
    expect(files).toContain('SYNTHETIC-META.json');
    expect(files.every((f) => f.startsWith('SYN'))).toBe(true);
    expect(await readFile(join(out, DEMO_README), 'utf8')).toMatch(/^SYNTHETIC DATA - NOT REAL/);
    const first = files.find((f) => f.endsWith('.csv') && f !== 'SYN-INDEX.csv')!;
    const text = await readFile(join(out, first), 'utf8');
    expect(text.split('\n')[0]).toBe('Date,Open,High,Low,Close,Adj Close,Volume');
    const series = await loadCsvFile(join(out, first));
    expect(series.symbol).toBe(first.replace('.csv', ''));
    expect(series.length).toBeGreaterThan(1);
    const meta = JSON.parse(await readFile(join(out, 'SYNTHETIC-META.json'), 'utf8'));
    expect(meta.synthetic).toBe(true);
    expect(meta.meta).toHaveLength(50);
    // Nothing besides the target is left in the parent folder (no temporary folders).
    expect(await readdir(root)).toEqual(['demo']);
  });

  it('lists the files as JSON and writes identical bytes for the same seed', async () => {
    const out = join(root, 'json');
    const run = () =>
      cli('demo-data', '--out', out, '--seed', '11', '--symbols', '4', '--days', '60', '--json');
    const firstRun = run();
    expect(firstRun.status).toBe(0);
    const listing = JSON.parse(firstRun.stdout);
    expect(listing.synthetic).toBe(true);
    expect(listing.seed).toBe(11);
    expect(listing.files).toHaveLength(5);
    expect(listing.files[0]).toMatchObject({ bars: 60, first: '2019-01-02', synthetic: true });
    const before = await readFile(join(out, listing.files[0].file), 'utf8');
    const secondRun = run(); // replaces the earlier demo folder
    expect(secondRun.status).toBe(0);
    expect(secondRun.stdout).toBe(firstRun.stdout);
    expect(await readFile(join(out, listing.files[0].file), 'utf8')).toBe(before);
  });

  it.each([
    [['--seed', 'abc'], '--seed: must be a whole number from 0 to 9007199254740991 (got "abc")'],
    [['--seed', '-1'], '--seed: must be a whole number'],
    [['--symbols', '0'], '--symbols: must be a whole number from 1 to 5000 (got "0")'],
    [['--symbols', '2.5'], '--symbols: must be a whole number from 1 to 5000 (got "2.5")'],
    [['--days', '1e3'], '--days: must be a whole number from 2 to 25200 (got "1e3")'],
    [['--start', 'soon'], '--start: expected a date as YYYY-MM-DD (got "soon")'],
  ])('%j exits 2 with one line naming the flag, writing nothing', (args, message) => {
    const out = join(root, 'bad');
    const { status, stdout, stderr } = cli('demo-data', '--out', out, ...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to replace a folder holding other files, leaving it untouched', async () => {
    const out = join(root, 'precious');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'keep me');
    const { status, stderr } = cli('demo-data', '--out', out);
    expect(status).toBe(2);
    expect(stderr).toContain('--out: is a folder with other files');
    expect(await readdir(out)).toEqual(['notes.txt']);
  });
});

describe('writeFolderAtomically', () => {
  it('leaves nothing behind when a write fails', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'microcap-atomic-'));
    const target = join(parent, 'out');
    const files = new Map([
      ['a.csv', 'x'],
      ['missing-dir/b.csv', 'y'], // cannot be written: the sub-folder does not exist
    ]);
    await expect(writeFolderAtomically(target, files)).rejects.toThrow(/ENOENT/);
    expect(await readdir(parent)).toEqual([]);
    await rm(parent, { recursive: true, force: true });
  });

  it('keeps the previous demo when a replacing write fails', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'microcap-atomic-'));
    const target = join(parent, 'out');
    await writeFolderAtomically(target, new Map([[DEMO_README, 'old']]));
    await expect(
      writeFolderAtomically(target, new Map([['missing-dir/b.csv', 'y']])),
    ).rejects.toThrow();
    expect(await readFile(join(target, DEMO_README), 'utf8')).toBe('old');
    expect(await readdir(parent)).toEqual(['out']);
    await rm(parent, { recursive: true, force: true });
  });
});

describe('parseWholeFlag', () => {
  it('accepts digits only, within the range', () => {
    expect(parseWholeFlag('--n', '42', 1, 100)).toBe(42);
    expect(() => parseWholeFlag('--n', '0x10', 1, 100)).toThrow('--n: must be a whole number');
    expect(() => parseWholeFlag('--n', '101', 1, 100)).toThrow('from 1 to 100 (got "101")');
  });
});
