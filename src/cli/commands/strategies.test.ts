import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../test/support/shared-data.ts';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
}

const TEN = [
  'ma-crossover',
  'rsi',
  'macd',
  'bollinger',
  'turtle',
  'four-week-rule',
  'support-resistance',
  'pivot-point',
  'breakout',
  'volume-breakout',
];

interface ParamJson {
  name: string;
  type: string;
  default: unknown;
  min: number | null;
  max: number | null;
  values?: string[];
  description: string;
}

describe('microcap strategies', () => {
  it('--json lists the ten strategies with every parameter described', () => {
    const run = cli('strategies', '--json');
    expect(run.status, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout) as {
      id: string;
      name: string;
      description: string;
      rules: string[];
      params: ParamJson[];
    }[];
    expect(list.map((s) => s.id)).toEqual(TEN);
    for (const strategy of list) {
      expect(strategy.name).not.toBe('');
      expect(strategy.description).not.toBe('');
      expect(strategy.rules.length).toBeGreaterThan(1);
      expect(strategy.params.length).toBeGreaterThan(0);
      for (const p of strategy.params) {
        expect(Object.keys(p)).toEqual(
          expect.arrayContaining(['name', 'type', 'default', 'min', 'max', 'description']),
        );
        expect(['integer', 'number', 'boolean', 'enum']).toContain(p.type);
        expect(p.description).not.toBe('');
        if (p.type === 'integer' || p.type === 'number') {
          expect(typeof p.min).toBe('number');
          expect(typeof p.max).toBe('number');
          expect(p.default as number).toBeGreaterThanOrEqual(p.min as number);
          expect(p.default as number).toBeLessThanOrEqual(p.max as number);
        } else if (p.type === 'enum') {
          expect(p.values).toContain(p.default);
        } else {
          expect(typeof p.default).toBe('boolean');
        }
      }
    }
    const ma = list[0].params.map((p) => [p.name, p.type, p.default, p.min, p.max]);
    expect(ma).toEqual([
      ['type', 'enum', 'sma', null, null],
      ['fast', 'integer', 10, 1, 500],
      ['slow', 'integer', 30, 2, 1000],
    ]);
  });

  it('prints a table by default and details for one id', () => {
    const table = cli('strategies');
    expect(table.status).toBe(0);
    for (const id of TEN) expect(table.stdout).toContain(id);
    const one = cli('strategies', 'turtle');
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('skipAfterWinner');
    expect(one.stdout).toContain('Rules:');
  });

  it('an unknown id exits 2 with one line naming it', () => {
    const run = cli('strategies', 'nope');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('strategy: unknown strategy');
    expect(run.stderr).toContain('"nope"');
  });
});
