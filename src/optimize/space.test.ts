import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { getStrategy } from '../strategies/registry.ts';
import {
  gridPoint,
  gridSearch,
  gridSize,
  parseGrid,
  parseGridSpec,
  randomSearch,
  validPoint,
} from './space.ts';

const ma = getStrategy('ma-crossover');

describe('grid specs', () => {
  it('expands inclusive ranges, lists and single values with the parameter types', () => {
    expect(parseGridSpec('fast=5..20:5', ma)).toEqual({ name: 'fast', values: [5, 10, 15, 20] });
    expect(parseGridSpec('fast=3..6', ma).values).toEqual([3, 4, 5, 6]);
    expect(parseGridSpec('slow=30,50,200', ma).values).toEqual([30, 50, 200]);
    expect(parseGridSpec('type=sma,ema', ma).values).toEqual(['sma', 'ema']);
    expect(parseGridSpec('fast=7', ma).values).toEqual([7]);
  });

  it('does not let float steps drift', () => {
    const bollinger = getStrategy('bollinger');
    const numeric = bollinger.params.find((p) => p.type === 'number');
    expect(numeric).toBeDefined();
    const name = numeric?.name ?? '';
    const lo = numeric?.min ?? 0;
    const axis = parseGridSpec(`${name}=${lo + 0.1}..${lo + 0.5}:0.1`, bollinger);
    expect(axis.values.map((v) => Number(v).toFixed(12))).toEqual(
      [0.1, 0.2, 0.3, 0.4, 0.5].map((d) => (lo + d).toFixed(12)),
    );
    expect(axis.values[2]).toBe(Number((lo + 0.3).toPrecision(12)));
  });

  it.each([
    ['fast', 'expected NAME=START..END:STEP'],
    ['=5..10', 'expected NAME=START..END:STEP'],
    ['speed=5..10', 'unknown parameter of ma-crossover'],
    ['fast=10..5', 'range end is below its start'],
    ['fast=5..10:0', 'step must be above 0'],
    ['fast=5..10:-1', 'expected START..END:STEP'],
    ['fast=a..b', 'expected START..END:STEP'],
    ['fast=1.5', 'takes whole numbers'],
    ['fast=0..10', 'must be at least 1'],
    ['slow=5..2000:5', 'must be at most 1000'],
    ['type=wma', 'takes sma, ema'],
    ['fast=5,,6', 'empty value'],
    ['fast=5,5', 'lists a value twice'],
    ['fast=abc', 'is not a number'],
  ])('rejects %s naming the flag and the value', (spec, problem) => {
    let error: unknown;
    try {
      parseGridSpec(spec, ma);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe('grid');
    expect((error as InputError).message).toContain(JSON.stringify(spec));
    expect((error as InputError).message).toContain(problem);
  });

  it('refuses a parameter swept twice', () => {
    expect(() => parseGrid(['fast=5,6', 'fast=7'], ma)).toThrow(/names a parameter twice/);
  });
});

describe('grid search', () => {
  it('enumerates the product with the last axis fastest', () => {
    const axes = parseGrid(['fast=1,2', 'slow=10,20,30'], ma);
    expect(gridSize(axes)).toBe(6);
    expect(gridPoint(axes, 0)).toEqual({ fast: 1, slow: 10 });
    expect(gridPoint(axes, 1)).toEqual({ fast: 1, slow: 20 });
    expect(gridPoint(axes, 3)).toEqual({ fast: 2, slow: 10 });
  });

  it("drops combinations the strategy's cross-field rules reject (fast < slow)", () => {
    const axes = parseGrid(['fast=10..30:10', 'slow=10..30:10'], ma);
    const space = gridSearch(ma, axes);
    expect(space.gridSize).toBe(9);
    expect(space.rejected).toBe(6);
    expect(space.trials.map((t) => [t.params.fast, t.params.slow])).toEqual([
      [10, 20],
      [10, 30],
      [20, 30],
    ]);
    // Defaults are filled in and indexes are dense.
    expect(space.trials[0].params).toEqual({ type: 'sma', fast: 10, slow: 20 });
    expect(space.trials.map((t) => t.index)).toEqual([0, 1, 2]);
    expect(validPoint(ma, { fast: 30, slow: 20 })).toBeNull();
  });

  it('fails clearly when no combination is valid', () => {
    const axes = parseGrid(['fast=50', 'slow=20,30'], ma);
    expect(() => gridSearch(ma, axes)).toThrow(/no combination satisfies/);
  });

  it('keeps fixed parameters in every point', () => {
    const axes = parseGrid(['fast=5,10'], ma);
    const space = gridSearch(ma, axes, { slow: 40, type: 'ema' });
    expect(space.trials.map((t) => t.params)).toEqual([
      { type: 'ema', fast: 5, slow: 40 },
      { type: 'ema', fast: 10, slow: 40 },
    ]);
  });
});

describe('random search', () => {
  const axes = parseGrid(['fast=1..100', 'slow=2..1000'], ma);

  it('is reproducible for a seed and differs across seeds', () => {
    const a = randomSearch(ma, axes, 50, 7);
    const b = randomSearch(ma, axes, 50, 7);
    const c = randomSearch(ma, axes, 50, 8);
    expect(a.trials).toEqual(b.trials);
    expect(a.trials).not.toEqual(c.trials);
    expect(a.trials).toHaveLength(50);
  });

  it('draws distinct valid points only', () => {
    const { trials } = randomSearch(ma, axes, 200, 3);
    const keys = new Set(trials.map((t) => `${t.params.fast}/${t.params.slow}`));
    expect(keys.size).toBe(200);
    for (const t of trials) expect(Number(t.params.fast)).toBeLessThan(Number(t.params.slow));
  });

  it('samples small grids exactly and returns the whole grid when asked for more', () => {
    const small = parseGrid(['fast=1..4', 'slow=2..5'], ma);
    const all = gridSearch(ma, small);
    const some = randomSearch(ma, small, 4, 1);
    expect(some.trials).toHaveLength(4);
    const allKeys = all.trials.map((t) => JSON.stringify(t.params));
    for (const t of some.trials) expect(allKeys).toContain(JSON.stringify(t.params));
    expect(randomSearch(ma, small, 100, 1).trials).toEqual(all.trials);
    expect(() => randomSearch(ma, small, 0, 1)).toThrow(/random/);
  });
});
