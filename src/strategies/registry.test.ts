import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { maCrossoverStrategy } from './ma-crossover.ts';
import { createStrategy, getStrategy, listStrategies, registerStrategy } from './registry.ts';

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

describe('strategy registry', () => {
  it('lists the ten built-in strategies in a stable order', () => {
    expect(
      listStrategies()
        .map((d) => d.id)
        .slice(0, 10),
    ).toEqual(TEN);
  });

  it('every definition is complete and its defaults validate', () => {
    for (const definition of listStrategies()) {
      expect(definition.name.length, definition.id).toBeGreaterThan(0);
      expect(definition.description.length, definition.id).toBeGreaterThan(0);
      expect(definition.rules.length, definition.id).toBeGreaterThanOrEqual(2);
      const defaults = definition.schema.parse({});
      for (const spec of definition.params) {
        expect(defaults[spec.name], `${definition.id}.${spec.name}`).toEqual(spec.default);
        expect(spec.description.length).toBeGreaterThan(0);
        if (spec.type === 'integer' || spec.type === 'number') {
          expect(spec.min).toBeLessThanOrEqual(spec.default as number);
          expect(spec.max).toBeGreaterThanOrEqual(spec.default as number);
        }
      }
    }
  });

  it('names the unknown id and the known ones', () => {
    const error = (() => {
      try {
        getStrategy('nope');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /^strategy: unknown strategy; known: ma-crossover, rsi/,
    );
    expect((error as InputError).message).toContain('(got "nope")');
  });

  it('createStrategy validates the parameters and builds an instance', () => {
    const created = createStrategy('ma-crossover', { fast: '5', slow: '20' });
    expect(created.params).toEqual({ type: 'sma', fast: 5, slow: 20 });
    expect(created.definition.id).toBe('ma-crossover');
    expect(typeof created.strategy.onBar).toBe('function');
    expect(() => createStrategy('ma-crossover', { fast: '50', slow: '10' })).toThrow(
      'slow: must be greater than fast (got slow=10, fast=50)',
    );
  });

  it('accepts plug-ins and rejects duplicate or malformed ids', () => {
    expect(() => registerStrategy(maCrossoverStrategy)).toThrow(/already registered/);
    expect(() => registerStrategy({ ...maCrossoverStrategy, id: 'Bad Id' })).toThrow(InputError);
    registerStrategy({ ...maCrossoverStrategy, id: 'my-plugin' });
    expect(listStrategies().at(-1)?.id).toBe('my-plugin');
    expect(getStrategy('my-plugin').name).toBe(maCrossoverStrategy.name);
  });
});
