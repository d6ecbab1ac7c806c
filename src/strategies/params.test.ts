import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { maCrossoverStrategy } from './ma-crossover.ts';
import { macdStrategy } from './macd.ts';
import { defineParams, integer, parseParamArgs, parseParamValues } from './params.ts';
import { turtleStrategy } from './turtle.ts';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const ma = (raw: Record<string, string | number | boolean>) =>
  parseParamValues(maCrossoverStrategy, raw);

describe('parseParamValues', () => {
  it('fills defaults and converts CLI strings by the declared type', () => {
    expect(ma({})).toEqual({ type: 'sma', fast: 10, slow: 30 });
    expect(ma({ type: 'ema', fast: '5', slow: ' 20 ' })).toEqual({
      type: 'ema',
      fast: 5,
      slow: 20,
    });
    expect(
      parseParamValues(macdStrategy, { zeroLine: 'yes', minHistogramPct: '0.5' }),
    ).toMatchObject({
      zeroLine: true,
      minHistogramPct: 0.5,
    });
  });

  it('rejects values out of range, naming the field and value', () => {
    expect(errorOf(() => ma({ fast: '0' })).message).toBe('fast: must be at least 1 (got 0)');
    expect(errorOf(() => ma({ fast: '600' })).message).toBe('fast: must be at most 500 (got 600)');
    const error = errorOf(() => ma({ slow: 5000 }));
    expect(error.field).toBe('slow');
    expect(error.value).toBe(5000);
  });

  it('checks fast < slow across fields, quoting both values', () => {
    expect(errorOf(() => ma({ fast: '50', slow: '10' })).message).toBe(
      'slow: must be greater than fast (got slow=10, fast=50)',
    );
    expect(errorOf(() => ma({ fast: 30 })).message).toBe(
      'slow: must be greater than fast (got slow=30, fast=30)',
    );
  });

  it('rejects unknown names and lists the known ones', () => {
    expect(errorOf(() => ma({ fsat: '5' })).message).toBe(
      'param: unknown parameter of ma-crossover (known: type, fast, slow) (got "fsat")',
    );
  });

  it('rejects text where a number is expected, fractions for integers, bad enums and booleans', () => {
    expect(errorOf(() => ma({ fast: 'abc' })).message).toBe(
      'fast: expected an integer (got "abc")',
    );
    expect(errorOf(() => ma({ fast: '' })).message).toBe('fast: expected an integer (got "")');
    expect(errorOf(() => ma({ fast: '2.5' })).message).toBe('fast: expected an integer (got 2.5)');
    expect(errorOf(() => ma({ fast: true })).message).toBe('fast: expected an integer (got true)');
    expect(errorOf(() => ma({ type: 'wma' })).message).toBe(
      'type: expected one of sma, ema (got "wma")',
    );
    expect(errorOf(() => parseParamValues(macdStrategy, { zeroLine: 'maybe' })).message).toBe(
      'zeroLine: expected true or false (got "maybe")',
    );
    expect(errorOf(() => parseParamValues(macdStrategy, { minHistogramPct: 'NaN' })).field).toBe(
      'minHistogramPct',
    );
  });

  it('runs strategy-specific cross-field rules (turtle)', () => {
    expect(errorOf(() => parseParamValues(turtleStrategy, { entryPeriod: 8 })).message).toBe(
      'exitPeriod: must be less than the entry period (got exitPeriod=0, entryPeriod=8, system=1)',
    );
    expect(
      errorOf(() => parseParamValues(turtleStrategy, { system: '2', skipAfterWinner: true })).field,
    ).toBe('skipAfterWinner');
    expect(parseParamValues(turtleStrategy, { system: '2' })).toMatchObject({ system: '2' });
  });
});

describe('defineParams', () => {
  it('yields specs with type, default, range and description', () => {
    const { specs, schema } = defineParams({
      n: integer({ default: 3, min: 1, max: 9, description: 'count' }),
    });
    expect(specs).toEqual([
      { name: 'n', type: 'integer', default: 3, min: 1, max: 9, description: 'count' },
    ]);
    expect(schema.parse({})).toEqual({ n: 3 });
    expect(schema.safeParse({ n: 3, extra: 1 }).success).toBe(false);
  });

  it('refuses a default outside its own range (a programming error)', () => {
    expect(() =>
      defineParams({ n: integer({ default: 0, min: 1, max: 9, description: 'x' }) }),
    ).toThrow(/default 0 outside/);
  });
});

describe('parseParamArgs', () => {
  it('splits NAME=VALUE flags and rejects anything else', () => {
    expect(parseParamArgs(['fast=10', 'slow=50', 'type=ema'])).toEqual({
      fast: '10',
      slow: '50',
      type: 'ema',
    });
    expect(errorOf(() => parseParamArgs(['fast'])).message).toBe(
      'param: expected NAME=VALUE (got "fast")',
    );
    expect(errorOf(() => parseParamArgs(['=3'])).field).toBe('param');
  });
});
