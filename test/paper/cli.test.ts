import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoUniverse } from '../../src/market-data/demo.ts';
import { seriesToCsv } from '../../src/market-data/csv.ts';
import { runMicrocap } from '../support/cli.ts';

let dir: string;
let env: NodeJS.ProcessEnv;
let symbols: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcap-paper-cli-'));
  const universe = generateDemoUniverse({ symbols: 2, days: 60, start: '2024-01-02' });
  for (const s of universe.series) writeFileSync(join(dir, `${s.symbol}.csv`), seriesToCsv(s));
  symbols = universe.series.map((s) => s.symbol);
  env = {
    DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
    MARKET_DATA_PROVIDERS: 'csv',
    MARKET_DATA_CSV_DIR: dir,
    REDIS_URL: '',
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function badInput(args: string[], field: RegExp) {
  const result = runMicrocap(args, env);
  expect(result.status, result.stderr).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(field);
}

describe('paper, signals and schedules on the command line', () => {
  it('answers bad input with one line naming the field, exit 2', () => {
    badInput(['paper', 'create', 'x', '--cash', 'lots'], /^microcap: cash: expected a number/);
    badInput(['paper', 'create', 'x', '--cash', '100', '--strategy', 'nope'], /strateg/);
    badInput(['paper', 'create', 'x', '--cash', '100', '--sizing', 'half'], /sizing/);
    badInput(['paper', 'run', '--portfolio', 'missing'], /portfolio: no such paper portfolio/);
    badInput(
      ['paper', 'buy', 'ABC', 'ten', '--portfolio', 'missing'],
      /quantity: expected a number/,
    );
    badInput(['signals', '--stage', 'somewhere'], /stage: expected one of/);
    badInput(
      ['schedules', 'add', 's', '--strategy', 'rsi', '--symbols', 'A', '--cron', '1 2 3'],
      /cron/,
    );
    badInput(
      [
        'schedules',
        'add',
        's',
        '--strategy',
        'rsi',
        '--symbols',
        'A',
        '--timezone',
        'Nowhere/Else',
      ],
      /timezone/,
    );
  }, 90_000);

  it('paper run --fetch updates prices through the providers, then runs the day', () => {
    const created = runMicrocap(
      [
        'paper',
        'create',
        'fetcher',
        '--cash',
        '5000',
        '--symbols',
        symbols.join(','),
        '--start',
        '2024-03-01',
        '--benchmark',
        symbols[0],
      ],
      env,
    );
    expect(created.status, created.stderr).toBe(0);
    badInput(
      ['paper', 'run', '--portfolio', 'fetcher', '--date', '2024-02-30'],
      /^microcap: date: not a calendar date/,
    );
    const run = runMicrocap(
      ['paper', 'run', '--portfolio', 'fetcher', '--date', '2024-03-05', '--fetch', '--json'],
      env,
    );
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { status: string; days: { date: string }[] };
    expect(summary.status).toBe('completed');
    expect(summary.days.map((d) => d.date)).toEqual(['2024-03-01', '2024-03-04', '2024-03-05']);
    const listed = JSON.parse(runMicrocap(['data', 'list', '--json'], env).stdout) as {
      symbol: string;
      last: string;
    }[];
    expect(listed.map((l) => [l.symbol, l.last]).sort()).toEqual(
      symbols.map((s) => [s, '2024-03-05']).sort(),
    );
    const buy = runMicrocap(['paper', 'buy', symbols[1], '10', '--json'], env);
    const decision = JSON.parse(buy.stdout) as { status: string; stage: string; rule: string };
    // Default limits: micro-cap entries need a stop.
    expect(decision).toMatchObject({ status: 'rejected', stage: 'risk', rule: 'mandatory-stop' });
    expect(buy.status).toBe(3);
    const signals = JSON.parse(
      runMicrocap(['signals', '--portfolio', 'fetcher', '--json'], env).stdout,
    ) as {
      stage: string;
    }[];
    expect(signals.map((s) => s.stage)).toEqual(['risk']);
  }, 90_000);
});
