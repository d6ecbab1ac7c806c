import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMicrocap } from '../support/cli.ts';
import { sharedDataPath } from '../support/shared-data.ts';

const data = sharedDataPath('orcl-2003-2005.txt');
const base = ['optimize', '--strategy', 'ma-crossover', '--data', data];
const dir = mkdtempSync(join(tmpdir(), 'microcap-optimize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('microcap optimize', () => {
  it('prints a ranked JSON result with overfitting statistics and a heatmap', () => {
    const report = join(dir, 'sweep.html');
    const run = runMicrocap([
      ...base,
      '--grid',
      'fast=5..20:5',
      '--grid',
      'slow=10..60:10',
      '--walk-forward',
      '250:100',
      '--workers',
      '2',
      '--top',
      '5',
      '--json',
      '--report',
      report,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.search).toMatchObject({ method: 'grid', gridSize: 24 });
    // fast must stay below slow: 5<10..60 (6), 10<20..60 (5), 15<20..60 (5), 20<30..60 (4).
    expect(result.search.trials).toBe(20);
    expect(result.search.rejected).toBe(4);
    expect(result.ranked).toHaveLength(5);
    expect(result.ranked[0].rank).toBe(1);
    expect(result.ranked[0].objective).toBeGreaterThanOrEqual(result.ranked[1].objective);
    expect(result.best.params).toEqual(result.ranked[0].params);
    expect(result.best.metrics.sharpeRatio).toBeCloseTo(result.ranked[0].metrics.sharpe, 10);
    expect(result.overfitting.trials).toBe(20);
    expect(result.overfitting.pbo.pbo).toBeGreaterThanOrEqual(0);
    expect(result.overfitting.pbo.pbo).toBeLessThanOrEqual(1);
    expect(result.heatmap.x.values).toEqual([5, 10, 15, 20]);
    expect(result.heatmap.cells[0][3]).toBeNull(); // fast=20, slow=10 is invalid
    expect(result.walkForward.windows.length).toBeGreaterThan(3);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<table>');
    expect(html).toContain('Walk-forward');
  });

  it('gives the same JSON with 1 worker thread, 2, and through the in-process job queue', () => {
    const args = [...base, '--grid', 'fast=4..16:4', '--grid', 'slow=20..50:10', '--json'];
    const one = runMicrocap([...args, '--workers', '1']);
    const two = runMicrocap([...args, '--workers', '2']);
    const queued = runMicrocap([...args, '--queue', '--workers', '2'], { REDIS_URL: '' });
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(queued.stdout).toBe(one.stdout);
  });

  it('prints a readable summary without --json', () => {
    const run = runMicrocap([...base, '--grid', 'fast=5,10', '--grid', 'slow=20,30']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('grid search: 4 trials');
    expect(run.stdout).toContain('deflated Sharpe');
    expect(run.stdout).toContain('PBO');
  });

  it.each([
    [['--grid', 'fast=10..5'], 'grid: range end is below its start (got "fast=10..5")'],
    [['--grid', 'speed=1..5'], 'grid: unknown parameter of ma-crossover'],
    [['--grid', 'fast=5..10:0'], 'grid: step must be above 0 (got "fast=5..10:0")'],
    [['--grid', 'fast=5', '--objective', 'sharpe +'], 'objective: ends too early'],
    [['--grid', 'fast=5', '--workers', '0'], 'workers: expected a whole number'],
    [['--grid', 'fast=5', '--walk-forward', '10'], 'walk-forward: expected IS:OOS'],
    [['--grid', 'fast=5', '--random', '-3'], 'random: expected a whole number'],
    [[], 'grid: give at least one --grid'],
  ])('exits 2 naming the flag and the value for %j', (extra, message) => {
    const run = runMicrocap([...base, ...extra]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
