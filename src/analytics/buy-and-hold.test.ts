import { describe, expect, it } from 'vitest';
import { equalWeightBuyAndHold } from './buy-and-hold.ts';

describe('equalWeightBuyAndHold', () => {
  it('puts 1/k in each symbol at its first close and carries missing closes forward', () => {
    // A: 10, 11, NaN, 12 -> 1, 1.1, 1.1, 1.2; B: NaN, 20, 30, 10 -> cash 1, then 1, 1.5, 0.5
    const value = equalWeightBuyAndHold([
      Float64Array.of(10, 11, NaN, 12),
      Float64Array.of(NaN, 20, 30, 10),
    ]);
    const expected = [(1 + 1) / 2, (1.1 + 1) / 2, (1.1 + 1.5) / 2, (1.2 + 0.5) / 2];
    expected.forEach((v, i) => expect(value[i]).toBeCloseTo(v, 15));
  });

  it('rejects ragged input', () => {
    expect(() => equalWeightBuyAndHold([Float64Array.of(1, 2), Float64Array.of(1)])).toThrow(
      /closes\[1\]: expected 2 values/,
    );
  });
});
