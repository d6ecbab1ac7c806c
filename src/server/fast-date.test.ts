import { describe, expect, it } from 'vitest';
import { isoDay } from './fast-date.ts';

describe('isoDay', () => {
  it('matches Date#toISOString for every day from 1800 to 2200', () => {
    for (let t = Date.UTC(1800, 0, 1); t <= Date.UTC(2200, 0, 1); t += 86_400_000) {
      const expected = new Date(t).toISOString().slice(0, 10);
      if (isoDay(t) !== expected) expect(isoDay(t)).toBe(expected);
    }
    expect(isoDay(Date.UTC(2024, 1, 29))).toBe('2024-02-29');
    expect(isoDay(Date.UTC(1970, 0, 1))).toBe('1970-01-01');
    expect(isoDay(Date.UTC(1969, 11, 31))).toBe('1969-12-31');
  });
});
