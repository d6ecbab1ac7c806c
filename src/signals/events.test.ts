import { describe, expect, it } from 'vitest';
import { signalGeneratedEvent } from './events.ts';
import type { SignalDecision } from './types.ts';

const decision: SignalDecision = {
  signal: {
    symbol: 'ACME',
    strategy: 'rsi',
    time: Date.UTC(2014, 0, 2, 21),
    action: 'buy',
    price: 12.5,
    quantity: 80,
    stopLoss: null,
    confidence: 0.6,
    reason: 'oversold',
    intent: { kind: 'enter', side: 'long', reason: 'oversold' },
  },
  status: 'rejected',
  stage: 'risk',
  reason: 'liquidity: too thin',
  rule: 'liquidity',
  confidence: 0.6,
  review: null,
};

describe('signalGeneratedEvent', () => {
  it('announces the signal with its ISO time, price and the decision status', () => {
    expect(signalGeneratedEvent(decision)).toEqual({
      symbol: 'ACME',
      strategy: 'rsi',
      action: 'buy',
      time: '2014-01-02T21:00:00.000Z',
      price: 12.5,
      status: 'rejected',
    });
  });
});
