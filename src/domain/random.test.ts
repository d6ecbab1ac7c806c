import { describe, expect, it } from 'vitest';
import { Random, createRandom } from './random.ts';

function moments(values: readonly number[]): { mean: number; variance: number; kurtosis: number } {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of values) {
    const d = (x - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  return { mean, variance: m2, kurtosis: m4 / (m2 * m2) - 3 };
}

const draw = <T = number>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('Random', () => {
  it('follows the xoshiro128** reference stream for state [1, 2, 3, 4]', () => {
    const random = Random.fromState([1, 2, 3, 4]);
    const first = draw(6, () => random.nextUint32());
    expect(first).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = draw(100, () => createRandom(7).uniform());
    const b = createRandom(7);
    const c = createRandom(8);
    const streamB = draw(100, () => b.uniform());
    const streamC = draw(100, () => c.uniform());
    expect(a.every((x) => x === a[0])).toBe(true);
    expect(streamB[0]).toBe(a[0]);
    expect(streamB).not.toEqual(streamC);
    expect(draw(5, () => createRandom(2 ** 40).nextUint32())).not.toEqual(
      draw(5, () => createRandom(0).nextUint32()),
    );
  });

  it('pins the first values of seed 42 (catches accidental changes to the stream)', () => {
    const random = createRandom(42);
    expect(draw(3, () => random.nextUint32())).toEqual([2837322924, 544945897, 479756282]);
  });

  it('derive gives independent, reproducible streams per label', () => {
    const x = Random.derive(1, 1).uniform();
    expect(Random.derive(1, 1).uniform()).toBe(x);
    expect(Random.derive(1, 2).uniform()).not.toBe(x);
    expect(Random.derive(2, 1).uniform()).not.toBe(x);
  });

  it('uniform lies in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = createRandom(1);
    const values = draw(100_000, () => random.uniform());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const m = moments(values);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 3);
  });

  it('integer covers both bounds and nothing outside', () => {
    const random = createRandom(3);
    const seen = new Set(draw(2_000, () => random.integer(-2, 2)));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2]);
  });

  it('normal has mean 0, variance 1 and no excess kurtosis', () => {
    const random = createRandom(2);
    const m = moments(draw(200_000, () => random.normal()));
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.kurtosis)).toBeLessThan(0.1);
  });

  it('gamma has mean and variance equal to its shape', () => {
    const random = createRandom(4);
    for (const shape of [0.5, 2.5, 9]) {
      const m = moments(draw(100_000, () => random.gamma(shape)));
      expect(Math.abs(m.mean / shape - 1)).toBeLessThan(0.02);
      expect(Math.abs(m.variance / shape - 1)).toBeLessThan(0.05);
    }
  });

  it('student-t has variance dof/(dof-2) and fat tails; standardT has unit variance', () => {
    const random = createRandom(5);
    const t = moments(draw(200_000, () => random.studentT(8)));
    expect(Math.abs(t.variance - 8 / 6)).toBeLessThan(0.05);
    expect(t.kurtosis).toBeGreaterThan(1); // theory: 6 / (dof - 4) = 1.5
    const s = moments(draw(200_000, () => random.standardT(8)));
    expect(Math.abs(s.variance - 1)).toBeLessThan(0.04);
  });

  it('choice picks every element and rejects an empty list', () => {
    const random = createRandom(6);
    const seen = new Set(draw(500, () => random.choice(['a', 'b', 'c'])));
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
    expect(() => random.choice([])).toThrow('items: cannot choose from an empty list');
  });

  it('rejects seeds that are not whole numbers', () => {
    expect(() => createRandom(1.5)).toThrow('seed: must be a whole number (got 1.5)');
    expect(() => createRandom(Number.NaN)).toThrow('seed: must be a whole number');
  });
});
