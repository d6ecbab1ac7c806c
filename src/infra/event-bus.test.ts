import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from './event-bus.ts';
import type { AnyBusEvent } from './event-bus.ts';

describe('InProcessEventBus', () => {
  it('delivers typed events to their type and to catch-all listeners, until unsubscribed', async () => {
    const errors: unknown[] = [];
    const bus = new InProcessEventBus({ onListenerError: (e) => errors.push(e) });
    const typed: string[] = [];
    const all: AnyBusEvent[] = [];
    const off = bus.subscribe('SignalGenerated', (event) => typed.push(event.payload.symbol));
    bus.subscribeAll((event) => all.push(event));
    bus.subscribe('SignalGenerated', () => {
      throw new Error('a broken listener');
    });
    await bus.publish('SignalGenerated', {
      symbol: 'ACME',
      strategy: 'rsi',
      action: 'buy',
      time: '2024-01-02',
    });
    await bus.publish('JobProgress', {
      jobId: 'j1',
      userId: null,
      status: 'running',
      progress: 0.5,
      message: null,
    });
    off();
    await bus.publish('SignalGenerated', {
      symbol: 'LATER',
      strategy: 'rsi',
      action: 'sell',
      time: '2024-01-03',
    });
    expect(typed).toEqual(['ACME']);
    expect(all.map((e) => e.type)).toEqual(['SignalGenerated', 'JobProgress', 'SignalGenerated']);
    expect(all[0].origin).toBe(bus.origin);
    expect(errors).toHaveLength(2);
    await bus.close();
  });
});
