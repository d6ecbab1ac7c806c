import type { RetryHint } from '../infra/retry.ts';

/**
 * A failed LLM call. `transient` and `retryAfterMs` steer the manager's retries (the infra
 * retry helper reads them); the message never contains request headers or keys.
 */
export class LlmCallError extends Error implements RetryHint {
  readonly provider: string;
  readonly status: number | undefined;
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    provider: string,
    message: string,
    details: { status?: number; transient: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(`${provider}: ${message}`, { cause: details.cause });
    this.name = 'LlmCallError';
    this.provider = provider;
    this.status = details.status;
    this.transient = details.transient;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The answer did not match the schema, even after the repair retry. Not worth repeating. */
export class LlmOutputError extends Error implements RetryHint {
  readonly provider: string;
  readonly transient = false;
  readonly raw: string;

  constructor(provider: string, problem: string, raw: string) {
    super(`${provider}: answer does not match the schema: ${problem}`);
    this.name = 'LlmOutputError';
    this.provider = provider;
    this.raw = raw;
  }
}

/** Replay mode found no stored answer for the request: nothing is called instead. */
export class ReplayMissError extends Error {
  readonly cacheKeys: readonly string[];

  constructor(task: string, cacheKeys: readonly string[]) {
    super(
      `no stored AI response for ${task} (keys ${cacheKeys.map((k) => k.slice(0, 12)).join(', ')}); ` +
        'run once without --ai-replay to record one',
    );
    this.name = 'ReplayMissError';
    this.cacheKeys = cacheKeys;
  }
}
