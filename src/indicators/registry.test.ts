import { describe, expect, it } from 'vitest';
import { createBarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { loadShared } from '../../test/fixtures/indicators/ohlcv.ts';
import { computeIndicator, INDICATORS, parseIndicatorSpec } from './registry.ts';
import { macd } from './macd.ts';

const REQUIRED = [
  'sma',
  'ema',
  'wma',
  'rsi',
  'macd',
  'bbands',
  'atr',
  'tr',
  'highest',
  'lowest',
  'donchian',
  'stddev',
  'roc',
  'vma',
  'obv',
  'stoch',
  'adx',
  'pivots',
  'swings',
];

const series = createBarSeries('ORCL', loadShared('orcl-2014.txt'));

describe('indicator registry', () => {
  it('has every required indicator, each computing its declared columns at full length', () => {
    expect(INDICATORS.map((s) => s.name).sort()).toEqual([...REQUIRED].sort());
    for (const spec of INDICATORS) {
      const { columns } = computeIndicator(series, spec.name);
      expect(Object.keys(columns)).toEqual([...spec.outputs]);
      for (const values of Object.values(columns)) expect(values.length).toBe(series.length);
    }
  });

  it('fills defaults and parses numbers and choices', () => {
    expect(parseIndicatorSpec('macd').args).toEqual([12, 26, 9]);
    expect(parseIndicatorSpec('MACD:5').args).toEqual([5, 26, 9]);
    expect(parseIndicatorSpec('bbands:10,1.5').args).toEqual([10, 1.5]);
    expect(parseIndicatorSpec('pivots:Camarilla').args).toEqual(['camarilla', 'day']);
    const { columns } = computeIndicator(series, 'macd:5,20,4');
    expect(columns.signal).toEqual(macd(series.close, 5, 20, 4).signal);
  });

  it.each([
    ['nope', 'indicator'],
    ['rsi:0', 'rsi.period'],
    ['rsi:1.5', 'rsi.period'],
    ['rsi:', 'rsi.period'],
    ['bbands:20,abc', 'bbands.k'],
    ['macd:12,12', 'macd.fast'],
    ['adx:1', 'adx.period'],
    ['obv:3', 'indicator'],
    ['pivots:classic,hour', 'pivots.period'],
  ])('rejects %s naming field %s', (text, field) => {
    let error: unknown;
    try {
      parseIndicatorSpec(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(field);
  });
});
