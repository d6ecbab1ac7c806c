import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMicrocap } from './support/cli.ts';
import { sharedDataPath } from './support/shared-data.ts';
import { listStrategies } from '../src/strategies/registry.ts';

const orcl = sharedDataPath('orcl-1995-2014.txt');
const contractArgs = [
  'backtest',
  '--strategy',
  'ma-crossover',
  '--param',
  'fast=10',
  '--param',
  'slow=30',
  '--data',
  orcl,
  '--cash',
  '10000',
  '--json',
];
const scratch = mkdtempSync(join(tmpdir(), 'microcap-backtest-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('microcap backtest', () => {
  it('prints the contract JSON, byte-identical on a second run', () => {
    const first = runMicrocap(contractArgs);
    const second = runMicrocap(contractArgs);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({
      strategy: 'ma-crossover',
      params: { fast: 10, slow: 30 },
      symbols: ['ORCL'],
      start: '1995-01-03',
      end: '2014-12-31',
      initialCapital: 10000,
    });
    for (const key of [
      'totalReturn',
      'cagr',
      'sharpeRatio',
      'sortinoRatio',
      'calmarRatio',
      'maxDrawdown',
      'maxDrawdownDuration',
      'volatility',
      'winRate',
      'profitFactor',
      'expectancy',
      'avgTradeDuration',
      'trades',
      'exposure',
      'alpha',
      'beta',
      'informationRatio',
    ]) {
      expect(result.metrics).toHaveProperty(key);
    }
    expect(result.trades.length).toBe(result.metrics.trades);
    expect(result.trades.length).toBeGreaterThan(10);
    const trade = result.trades[0];
    for (const key of [
      'symbol',
      'side',
      'entryTime',
      'entryPrice',
      'exitTime',
      'exitPrice',
      'quantity',
      'pnl',
      'returnPct',
      'commission',
      'slippage',
    ]) {
      expect(trade).toHaveProperty(key);
    }
    expect(result.equity.length).toBe(5036);
    expect(result.equity[0]).toEqual({ time: '1995-01-03', value: 10000 });
    // Final value is the last equity point and the trades' net P&L added to the capital.
    expect(result.equity.at(-1).value).toBeCloseTo(result.finalValue, 6);
    const pnl = result.trades.reduce((sum: number, t: { pnl: number }) => sum + t.pnl, 0);
    expect(10000 + pnl).toBeCloseTo(result.finalValue, 6);
  });

  it('with --costs none pays no costs and ends higher than the costed run', () => {
    const costed = JSON.parse(runMicrocap(contractArgs).stdout);
    const free = JSON.parse(runMicrocap([...contractArgs, '--costs', 'none']).stdout);
    expect(free.metrics.totalCosts).toBe(0);
    expect(costed.metrics.totalCosts).toBeGreaterThan(0);
    expect(free.finalValue).toBeGreaterThan(costed.finalValue);
  });

  it.each(listStrategies().map((d) => d.id))('runs %s on the synthetic demo universe', (id) => {
    const run = runMicrocap(['backtest', '--strategy', id, '--demo', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.synthetic).toBe(true);
    expect(result.symbols.every((s: string) => s.startsWith('SYN-'))).toBe(true);
    expect(result.metrics.trades).toBeGreaterThan(0);
    // The demo's synthetic index is the default benchmark, so beta is defined.
    expect(typeof result.metrics.beta).toBe('number');
  });

  it('prints a readable table by default, labelled synthetic on demo data', () => {
    const run = runMicrocap(['backtest', '--strategy', 'rsi', '--demo']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^SYNTHETIC DATA/);
    expect(run.stdout).toMatch(/Sharpe ratio\s+-?\d+\.\d\d/);
  });

  it('writes a self-contained HTML report', () => {
    const report = join(scratch, 'report.html');
    const run = runMicrocap([...contractArgs.slice(0, -1), '--report', report]);
    expect(run.status).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!doctype html>') || html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    expect(html).toContain('ORCL');
  });

  it.each([
    [['--strategy', 'nope', '--demo'], /strategy.*"nope"/],
    [
      ['--strategy', 'ma-crossover', '--param', 'fast=50', '--param', 'slow=10', '--demo'],
      /slow.*fast=50/,
    ],
    [['--strategy', 'ma-crossover'], /data/],
    [['--strategy', 'ma-crossover', '--demo', '--data', orcl], /data/],
    [['--strategy', 'ma-crossover', '--demo', '--cash', 'lots'], /cash.*"lots"/],
    [['--strategy', 'ma-crossover', '--demo', '--sizing', 'percent:-3'], /sizing/],
    [['--strategy', 'ma-crossover', '--demo', '--costs', 'cheap'], /costs.*"cheap"/],
    [['--strategy', 'ma-crossover', '--demo', '--participation', '2'], /participation.*2/],
    [['--strategy', 'ma-crossover', '--demo', '--from', '2030-01-01'], /no bars/],
    [['--strategy', 'ma-crossover', '--demo', '--from', '2020-13-01'], /from.*"2020-13-01"/],
    [['--strategy', 'ma-crossover', '--data', 'missing.csv'], /missing\.csv/],
  ])('rejects bad input %j with exit 2 and one line', (args, message) => {
    const run = runMicrocap(['backtest', ...args]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
