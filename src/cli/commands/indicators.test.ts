import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, sharedDataPath } from '../../../test/support/shared-data.ts';
import { rsi } from '../../indicators/rsi.ts';
import { loadShared } from '../../../test/fixtures/indicators/ohlcv.ts';
import { formatNumber } from './indicators.ts';

const ORCL = sharedDataPath('orcl-1995-2014.txt');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(projectRoot, 'src/cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: projectRoot,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('microcap indicators', () => {
  it('prints rsi:14 as date,value csv, empty during warm-up, matching the library', () => {
    const { status, stdout, stderr } = cli('indicators', '--data', ORCL, '--indicator', 'rsi:14');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const bars = loadShared('orcl-1995-2014.txt');
    expect(lines[0]).toBe('date,value');
    expect(lines).toHaveLength(bars.close.length + 1);
    expect(lines[1]).toBe('1995-01-03,');
    expect(lines[14]).toMatch(/^\d{4}-\d{2}-\d{2},$/);
    const expected = rsi(bars.close, 14);
    for (let i = 14; i < bars.close.length; i++) {
      const [date, value] = lines[i + 1].split(',');
      expect(date).toBe(new Date(bars.time[i]).toISOString().slice(0, 10));
      expect(Number(value)).toBeCloseTo(expected[i], 9);
    }
  });

  it('prints one column per output line for macd and bbands', () => {
    const macd = cli('indicators', '--data', ORCL, '--indicator', 'macd:12,26,9').stdout.split(
      '\n',
    );
    expect(macd[0]).toBe('date,macd,signal,histogram');
    expect(macd[33]).toMatch(/^[\d-]+,,,$/);
    expect(macd[34]).toMatch(/^[\d-]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/);
    const bb = cli('indicators', '--data', ORCL, '--indicator', 'bbands:20,2').stdout.split('\n');
    expect(bb[0]).toBe('date,middle,upper,lower');
    expect(bb[19]).toMatch(/^[\d-]+,,,$/);
    const [, middle, upper, lower] = bb[20].split(',').map(Number);
    expect(upper - middle).toBeCloseTo(middle - lower, 9);
    expect(upper).toBeGreaterThan(lower);
  });

  it('prints json rows with null during warm-up', () => {
    const { status, stdout } = cli(
      'indicators',
      '--data',
      ORCL,
      '--indicator',
      'stoch',
      '--format',
      'json',
    );
    expect(status).toBe(0);
    const rows = JSON.parse(stdout) as { date: string; k: number | null; d: number | null }[];
    expect(rows[0]).toEqual({ date: '1995-01-03', k: null, d: null });
    expect(rows[17].k).toBeTypeOf('number');
    expect(rows[17].d).toBeTypeOf('number');
    expect(rows[16].k).toBeNull();
  });

  it('accepts string arguments for pivots', () => {
    const { status, stdout } = cli(
      'indicators',
      '--data',
      ORCL,
      '--indicator',
      'pivots:woodie,week',
    );
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe('date,pivot,r1,r2,r3,s1,s2,s3');
  });

  it.each([
    [['--indicator', 'foo'], /indicator: unknown indicator.*"foo"/],
    [['--indicator', 'rsi:0'], /rsi\.period: .*"0"/],
    [['--indicator', 'rsi:2.5'], /rsi\.period: expected a whole number \(got "2\.5"\)/],
    [['--indicator', 'rsi:x'], /rsi\.period: expected a number \(got "x"\)/],
    [['--indicator', 'macd:26,12'], /macd\.fast: must be less than macd\.slow/],
    [['--indicator', 'sma:5,6'], /indicator: sma takes at most 1/],
    [['--indicator', 'pivots:classic,year'], /pivots\.period: .*"year"/],
    [['--indicator', 'rsi', '--format', 'xml'], /format: .*"xml"/],
  ])('exits 2 with one line naming the field for %j', (args, message) => {
    const { status, stdout, stderr } = cli('indicators', '--data', ORCL, ...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('exits 2 for a missing file or missing flags', () => {
    expect(cli('indicators', '--data', 'no-such.csv', '--indicator', 'rsi').status).toBe(2);
    const missing = cli('indicators', '--data', ORCL);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/indicator: required/);
  });

  it('lists the indicators', () => {
    const list = JSON.parse(cli('indicators', '--list', '--json').stdout) as { name: string }[];
    expect(list.map((s) => s.name)).toContain('bbands');
    expect(list).toHaveLength(19);
  });
});

describe('formatNumber', () => {
  it('rounds to 10 decimals without trailing zeros or negative zero', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(50.60242374796767)).toBe('50.602423748');
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(-1e-12)).toBe('0');
    expect(formatNumber(123456789012)).toBe('123456789012');
  });
});
