import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The typed event bus: components announce what happened (a signal, a fill, a finished
 * backtest, job progress) without knowing who listens. In-process it is an EventEmitter; with
 * Redis, events go through pub/sub so they cross processes (API server, workers).
 */
export interface EventPayloads {
  SignalGenerated: {
    readonly symbol: string;
    readonly strategy: string;
    readonly action: string;
    readonly time: string;
    readonly price?: number | null;
    readonly status?: string;
  };
  TradeExecuted: {
    readonly portfolioId: string | null;
    readonly symbol: string;
    readonly side: string;
    readonly quantity: number;
    readonly price: number;
    readonly time: string;
  };
  BacktestCompleted: {
    readonly jobId: string;
    readonly backtestId: string;
    readonly userId: string | null;
    readonly strategy: string;
  };
  BacktestFailed: {
    readonly jobId: string;
    readonly userId: string | null;
    readonly error: string;
  };
  JobProgress: {
    readonly jobId: string;
    readonly userId: string | null;
    readonly status: string;
    readonly progress: number;
    readonly message: string | null;
  };
  ProviderFailed: { readonly provider: string; readonly error: string };
}

export type EventType = keyof EventPayloads;

export const EVENT_TYPES: readonly EventType[] = [
  'SignalGenerated',
  'TradeExecuted',
  'BacktestCompleted',
  'BacktestFailed',
  'JobProgress',
  'ProviderFailed',
];

export interface BusEvent<T extends EventType = EventType> {
  readonly type: T;
  readonly payload: EventPayloads[T];
  /** Epoch ms when published. */
  readonly at: number;
  /** Which process published it (to tell local from remote events). */
  readonly origin: string;
}

export type AnyBusEvent = { [T in EventType]: BusEvent<T> }[EventType];

export interface EventBus {
  publish<T extends EventType>(type: T, payload: EventPayloads[T]): Promise<void>;
  subscribe<T extends EventType>(type: T, listener: (event: BusEvent<T>) => void): () => void;
  /** Every event, whatever its type (the SSE stream uses this). */
  subscribeAll(listener: (event: AnyBusEvent) => void): () => void;
  close(): Promise<void>;
}

const ALL = '*';

/** Delivery shared by both buses: a listener that throws never stops the others. */
class LocalDelivery {
  readonly emitter = new EventEmitter();
  readonly onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.onListenerError = onListenerError;
    // SSE clients each add a listener; hundreds are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  deliver(event: AnyBusEvent): void {
    for (const name of [event.type, ALL]) {
      for (const listener of this.emitter.listeners(name)) {
        try {
          (listener as (e: AnyBusEvent) => void)(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
  }

  on<E>(name: string, listener: (event: E) => void): () => void {
    const wrapped = listener as (...args: unknown[]) => void;
    this.emitter.on(name, wrapped);
    return () => this.emitter.off(name, wrapped);
  }
}

export interface EventBusOptions {
  /** Called when a listener throws (default: ignore after logging to nowhere). */
  onListenerError?: (error: unknown) => void;
}

export class InProcessEventBus implements EventBus {
  readonly origin = randomUUID();
  readonly #local: LocalDelivery;

  constructor(options: EventBusOptions = {}) {
    this.#local = new LocalDelivery(options.onListenerError ?? (() => undefined));
  }

  async publish<T extends EventType>(type: T, payload: EventPayloads[T]): Promise<void> {
    this.#local.deliver({ type, payload, at: Date.now(), origin: this.origin } as AnyBusEvent);
  }

  subscribe<T extends EventType>(type: T, listener: (event: BusEvent<T>) => void): () => void {
    return this.#local.on(type, listener);
  }

  subscribeAll(listener: (event: AnyBusEvent) => void): () => void {
    return this.#local.on(ALL, listener);
  }

  async close(): Promise<void> {
    this.#local.emitter.removeAllListeners();
  }
}

export interface RedisEventBusOptions extends EventBusOptions {
  readonly url: string;
  /** Channel name prefix (tests use a unique one per run). Default `microcap`. */
  readonly prefix?: string;
}

/**
 * Events through Redis pub/sub: publish sends to the channel, and every process (this one
 * included) delivers what it receives, so local and remote listeners see the same stream.
 */
export class RedisEventBus implements EventBus {
  readonly origin = randomUUID();
  readonly channel: string;
  readonly #local: LocalDelivery;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #ready: Promise<unknown>;

  constructor(options: RedisEventBusOptions) {
    this.channel = `${options.prefix ?? 'microcap'}:events`;
    this.#local = new LocalDelivery(options.onListenerError ?? (() => undefined));
    this.#publisher = new Redis(options.url, { maxRetriesPerRequest: 2 });
    this.#subscriber = new Redis(options.url, { maxRetriesPerRequest: 2 });
    this.#subscriber.on('message', (_channel: string, message: string) => {
      const event = parseEvent(message);
      if (event) this.#local.deliver(event);
    });
    this.#ready = this.#subscriber.subscribe(this.channel);
  }

  /** Resolves once the subscription is active (events published before may be missed). */
  ready(): Promise<unknown> {
    return this.#ready;
  }

  async publish<T extends EventType>(type: T, payload: EventPayloads[T]): Promise<void> {
    const event = { type, payload, at: Date.now(), origin: this.origin };
    await this.#publisher.publish(this.channel, JSON.stringify(event));
  }

  subscribe<T extends EventType>(type: T, listener: (event: BusEvent<T>) => void): () => void {
    return this.#local.on(type, listener);
  }

  subscribeAll(listener: (event: AnyBusEvent) => void): () => void {
    return this.#local.on(ALL, listener);
  }

  async close(): Promise<void> {
    this.#local.emitter.removeAllListeners();
    await Promise.allSettled([this.#subscriber.quit(), this.#publisher.quit()]);
  }
}

function parseEvent(message: string): AnyBusEvent | null {
  try {
    const event = JSON.parse(message) as AnyBusEvent;
    if (!(EVENT_TYPES as readonly string[]).includes(event.type)) return null;
    return event;
  } catch {
    return null;
  }
}

/** Redis pub/sub when a URL is given, else in-process. */
export function createEventBus(options: { redisUrl?: string; prefix?: string } = {}): EventBus {
  return options.redisUrl
    ? new RedisEventBus({ url: options.redisUrl, prefix: options.prefix })
    : new InProcessEventBus();
}
