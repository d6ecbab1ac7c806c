import { toIsoTime } from '../domain/time.ts';
import type { EventPayloads } from '../infra/event-bus.ts';
import type { SignalDecision } from './types.ts';

/**
 * The SignalGenerated event announcing a pipeline decision. One builder for every publisher
 * (paper runs, manual orders, signal-only schedules), so listeners see the same shape.
 */
export function signalGeneratedEvent(decision: SignalDecision): EventPayloads['SignalGenerated'] {
  return {
    symbol: decision.signal.symbol,
    strategy: decision.signal.strategy,
    action: decision.signal.action,
    time: toIsoTime(decision.signal.time),
    price: decision.signal.price,
    status: decision.status,
  };
}
