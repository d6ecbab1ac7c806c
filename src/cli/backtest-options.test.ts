import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addRunOptions, parseBacktestSettings, parseDataSelection } from './backtest-options.ts';

describe('parseDataSelection', () => {
  it('takes exactly one source', () => {
    expect(() => parseDataSelection({}, 'seed', undefined)).toThrow(/choose exactly one/);
    expect(() => parseDataSelection({ data: ['a.csv'], demo: true }, 'seed', undefined)).toThrow(
      /several sources/,
    );
    expect(parseDataSelection({ data: ['a.csv'] }, 'seed', undefined)).toEqual({
      kind: 'files',
      paths: ['a.csv'],
    });
    expect(parseDataSelection({ symbols: 'AB, CD,' }, 'seed', undefined)).toEqual({
      kind: 'symbols',
      symbols: ['AB', 'CD'],
    });
  });

  it('reads the demo seed and names its flag when it is not a whole number', () => {
    expect(parseDataSelection({ demo: true }, 'seed', undefined)).toEqual({ kind: 'demo' });
    expect(parseDataSelection({ demo: true }, 'demo-seed', '7')).toEqual({ kind: 'demo', seed: 7 });
    expect(() => parseDataSelection({ demo: true }, 'demo-seed', '1.5')).toThrow(/demo-seed/);
  });
});

describe('parseBacktestSettings', () => {
  it('turns the text flags into numbers', () => {
    expect(
      parseBacktestSettings({ cash: '5000', slippageBps: '10', costs: 'none', riskFree: '0.02' }),
    ).toEqual({
      cash: 5000,
      sizing: undefined,
      costs: 'none',
      commission: undefined,
      slippageBps: 10,
      spreadBps: undefined,
      participation: undefined,
      allowShort: false,
      riskFreeRate: 0.02,
    });
  });

  it('names the bad flag', () => {
    expect(() => parseBacktestSettings({ costs: 'cheap' })).toThrow(/costs/);
    expect(() => parseBacktestSettings({ spreadBps: 'x' })).toThrow(/spread-bps/);
  });
});

describe('option declarations', () => {
  it('declares the demo seed under the name given, and the caller defaults', () => {
    const command = new Command().exitOverride();
    addRunOptions(command, { demoSeedFlag: 'demo-seed', sizing: 'all-in' });
    command.parse(['--demo', '--demo-seed', '3', '--slippage-bps', '5'], { from: 'user' });
    expect(command.opts()).toEqual({
      demo: true,
      demoSeed: '3',
      cash: '10000',
      sizing: 'all-in',
      slippageBps: '5',
    });
  });
});
