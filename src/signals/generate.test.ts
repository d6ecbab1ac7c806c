import { describe, expect, it } from 'vitest';
import { createBarSeries } from '../domain/bars.ts';
import { signalsFromIntents, type GenerationContext } from './generate.ts';

const series = createBarSeries('GEN', {
  time: [0, 86_400_000, 2 * 86_400_000],
  open: [10, 10, 10],
  high: [11, 11, 11],
  low: [9, 9, 9],
  close: [10, 10, 20],
  volume: [1000, 1000, 1000],
});

const base: GenerationContext = {
  symbol: 'GEN',
  strategy: 'test',
  series,
  index: 2,
  position: 0,
  equity: 10_000,
  buyingPower: 8_000,
  sizing: { kind: 'percent', percent: 10 },
  baseConfidence: 0.6,
};

describe('signal generation from intents', () => {
  it('sizes entries with the rule at the decision close and reads the stop', () => {
    const { signals } = signalsFromIntents(
      { kind: 'enter', side: 'long', reason: 'breakout', stopLoss: 18 },
      base,
    );
    expect(signals).toEqual([
      expect.objectContaining({
        action: 'buy',
        price: 20,
        quantity: 50,
        stopLoss: 18,
        confidence: 0.6,
        time: 2 * 86_400_000,
      }),
    ]);
    const allIn = signalsFromIntents(
      { kind: 'enter', side: 'long', reason: 'x', trailingStop: { percent: 10 } },
      { ...base, sizing: { kind: 'all-in' } },
    );
    expect(allIn.signals[0]).toMatchObject({ quantity: 400, stopLoss: 18 });
  });

  it('exits become sell/cover for the held shares; when flat they are maintenance', () => {
    const exit = { kind: 'exit', reason: 'done' } as const;
    expect(signalsFromIntents(exit, { ...base, position: 30 }).signals[0]).toMatchObject({
      action: 'sell',
      quantity: 30,
    });
    expect(signalsFromIntents(exit, { ...base, position: -30 }).signals[0]).toMatchObject({
      action: 'cover',
      quantity: 30,
    });
    expect(signalsFromIntents(exit, base)).toEqual({ signals: [], maintenance: [exit] });
  });

  it('stop moves and cancels are applied as they are, not reviewed', () => {
    const intents = [
      { kind: 'stop', price: 19, reason: 'trail' },
      { kind: 'cancel', reason: 'stale' },
    ] as const;
    expect(signalsFromIntents(intents, { ...base, position: 5 })).toEqual({
      signals: [],
      maintenance: [...intents],
    });
  });
});
