import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, initialState } from './state-codec.ts';

describe('paper state codec', () => {
  it('keeps NaN and infinities through JSON', () => {
    const state = {
      ...initialState(1000, 86_400_000),
      equity: Infinity,
      previousEquity: -Infinity,
    };
    const back = decodeState(encodeState(state));
    expect(back.equity).toBe(Infinity);
    expect(back.previousEquity).toBe(-Infinity);
    expect(decodeState(encodeState(initialState(5, 0))).equity).toBeNaN();
    expect(back).toEqual(state);
  });

  it('refuses a state of an unknown version', () => {
    expect(() => decodeState(JSON.stringify({ version: 2 }))).toThrow(/version 2/);
  });
});
