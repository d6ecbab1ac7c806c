import { describe, expect, it } from 'vitest';
import { parseCsvNumber } from './csv-number.ts';

const parse = (text: string): number => parseCsvNumber(`,${text},`, 1, text.length + 1);

describe('parseCsvNumber', () => {
  it.each([
    '0',
    '1.750000',
    '0.001234',
    '20.370001',
    '-3.5',
    '+.5',
    '5.',
    '123456789012345',
    '1234567890.123456789',
    '1e3',
    ' 42 ',
    '0.1',
    '2.2250738585072014e-308',
  ])('%s equals Number()', (text) => {
    expect(parse(text)).toBe(Number(text));
  });

  it.each(['', ' ', 'abc', 'null', '1.2.3', '.', '-', 'Infinity', 'NaN', '1,5'])(
    '%j is NaN',
    (text) => {
      expect(parse(text)).toBeNaN();
    },
  );

  it('agrees with Number() on random decimals of every length', () => {
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 20_000; i++) {
      const whole = String(next() % 100000);
      const fraction = String(next()).slice(0, next() % 12);
      const text = fraction ? `${whole}.${fraction}` : whole;
      expect(parse(text)).toBe(Number(text));
    }
  });
});
