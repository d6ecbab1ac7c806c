import type { TokenUsage } from '../types.ts';

/**
 * Where the manager archives every call and finds stored answers for replay. The database
 * implementation is LlmCallRepository (table llm_calls); MemoryCallStore serves tests and
 * callers without a database.
 */
export interface CallRecord {
  readonly ts: number;
  readonly user: string | null;
  readonly provider: string;
  readonly model: string;
  readonly task: string;
  readonly templateVersion: string;
  readonly cacheKey: string;
  readonly promptHash: string;
  readonly responseHash: string | null;
  /** The prompt as sent (secrets redacted), JSON of the messages. */
  readonly prompt: string;
  /** The raw answer text (secrets redacted), null when the call failed. */
  readonly response: string | null;
  /** The validated answer; undefined when the call failed. */
  readonly result?: unknown;
  readonly status: 'ok' | 'error';
  readonly error: string | null;
  readonly latencyMs: number;
  readonly usage: TokenUsage;
  readonly costUsd: number | null;
  readonly attempts: number;
}

export type StoredAnswer = CallRecord;

export interface CallStore {
  record(call: CallRecord): Promise<string>;
  findAnswer(cacheKey: string): Promise<StoredAnswer | null>;
}

export class MemoryCallStore implements CallStore {
  readonly calls: CallRecord[] = [];

  async record(call: CallRecord): Promise<string> {
    this.calls.push(call);
    return String(this.calls.length);
  }

  async findAnswer(cacheKey: string): Promise<StoredAnswer | null> {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i];
      if (call.cacheKey === cacheKey && call.status === 'ok') return call;
    }
    return null;
  }
}
