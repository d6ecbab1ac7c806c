import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { strategyEvaluationTask } from '../../src/ai/analyses/strategy-evaluation.ts';
import { ReplayMissError } from '../../src/ai/errors.ts';
import { AiServiceManager } from '../../src/ai/manager.ts';
import type { AiServiceOptions } from '../../src/ai/manager.ts';
import { OpenAiCompatibleProvider } from '../../src/ai/providers/openai/provider.ts';
import { MemoryCallStore } from '../../src/ai/store/call-store.ts';
import { TwoLevelCache } from '../../src/infra/cache.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { FAKE_MODEL, startFakeOpenAi } from './support/fake-openai.ts';
import type { FakeOpenAi } from './support/fake-openai.ts';
import { evaluationInput } from './support/inputs.ts';

/**
 * The manager against a fake OpenAI-compatible server: every failure mode ends in a valid
 * structured result, from the remote provider or the local fallback, with no unhandled rejection.
 */

const API_KEY = 'sk-test-SECRET-0123456789abcdef';
let fake: FakeOpenAi;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
let managers: AiServiceManager[] = [];
let sleeps: number[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
  // Give any stray promise a chance to reject before checking.
  await new Promise((r) => setTimeout(r, 50));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.setDefault({ kind: 'ok' });
  sleeps = [];
});
afterEach(() => {
  for (const m of managers) m.close();
  managers = [];
  expect(unhandled).toEqual([]);
});

function remote(timeoutMs = 2_000): OpenAiCompatibleProvider {
  return new OpenAiCompatibleProvider({
    baseURL: fake.baseUrl,
    apiKey: API_KEY,
    model: 'gpt-4o-mini',
    timeoutMs,
    selfHosted: false,
  });
}

function manager(overrides: Partial<AiServiceOptions> = {}): AiServiceManager {
  const m = new AiServiceManager({
    providers: [remote(overrides.timeoutMs)],
    retries: 2,
    timeoutMs: 2_000,
    secrets: [API_KEY],
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  managers.push(m);
  return m;
}

const run = (m: AiServiceManager) => m.run(strategyEvaluationTask, evaluationInput);
const valid = (value: unknown) => strategyEvaluationTask.schema.safeParse(value).success;

describe('AiServiceManager with an OpenAI-compatible server', () => {
  it('sends chat completions with response_format json_schema and records usage and cost', async () => {
    const result = await run(manager());
    expect(valid(result.value)).toBe(true);
    expect(result.value.summary).toBe('Remote model: the strategy is marginal.');
    expect(result.meta).toMatchObject({
      provider: 'openai',
      model: FAKE_MODEL,
      task: 'strategy-evaluation',
      templateVersion: '1',
      source: 'live',
      attempts: 1,
      fallbacks: [],
    });
    expect(result.meta.tokens.totalTokens).toBeGreaterThan(0);
    // gpt-4o-mini: $0.15 / $0.60 per million tokens.
    const expected =
      (result.meta.tokens.promptTokens * 0.15 + result.meta.tokens.completionTokens * 0.6) / 1e6;
    expect(result.meta.costUsd).toBeCloseTo(expected, 6);
    expect(result.meta.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.meta.cacheKey).toMatch(/^[0-9a-f]{64}$/);

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    expect(request.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body.model).toBe('gpt-4o-mini');
    expect(request.body.response_format?.type).toBe('json_schema');
    expect(request.body.response_format?.json_schema?.name).toBe('strategy_insights');
    expect(request.body.response_format?.json_schema?.strict).toBe(true);
    expect(request.body.response_format?.json_schema?.schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['summary', 'confidence']),
    });
  });

  it('honours 429 Retry-After, then answers from the same provider', async () => {
    fake.queue({ kind: 'rate-limit', retryAfter: '2' });
    const result = await run(manager());
    expect(result.meta.provider).toBe('openai');
    expect(valid(result.value)).toBe(true);
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([2_000]);
  });

  it('falls through to the next provider when Retry-After is longer than allowed', async () => {
    fake.queue({ kind: 'rate-limit', retryAfter: '120' });
    const result = await run(manager({ maxRetryAfterMs: 10_000 }));
    expect(result.meta.provider).toBe('local');
    expect(result.meta.fallbacks[0].provider).toBe('openai');
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a 500 with backoff and jitter, then answers', async () => {
    fake.queue({ kind: 'server-error' }, { kind: 'server-error' });
    const result = await run(manager({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 }));
    expect(result.meta.provider).toBe('openai');
    expect(fake.requests).toHaveLength(3);
    // Full jitter: 0.5 x min(max, base x 2^(n-1)).
    expect(sleeps).toEqual([50, 100]);
  });

  it('falls through to Local when the server keeps failing', async () => {
    fake.setDefault({ kind: 'server-error' });
    const result = await run(manager());
    expect(valid(result.value)).toBe(true);
    expect(result.meta.provider).toBe('local');
    expect(result.meta.model).toBe('local-analyst-v1');
    expect(result.meta.costUsd).toBe(0);
    expect(result.meta.fallbacks).toHaveLength(1);
    expect(result.meta.fallbacks[0].error).toContain('HTTP 500');
    expect(fake.requests).toHaveLength(3);
  });

  it('repairs malformed JSON with one retry that shows the model its error', async () => {
    fake.queue({ kind: 'malformed', content: '{"summary": "cut off' });
    const result = await run(manager());
    expect(result.meta.provider).toBe('openai');
    expect(result.meta.attempts).toBe(2);
    expect(valid(result.value)).toBe(true);
    expect(fake.requests).toHaveLength(2);
    const repair = fake.requests[1].body.messages;
    expect(repair.at(-2)).toEqual({ role: 'assistant', content: '{"summary": "cut off' });
    expect(repair.at(-1)?.content).toContain('not valid JSON');
  });

  it('repairs JSON that parses but breaks the schema', async () => {
    fake.queue({ kind: 'malformed', content: JSON.stringify({ summary: 'x', confidence: 7 }) });
    const result = await run(manager());
    expect(result.meta.provider).toBe('openai');
    expect(result.meta.attempts).toBe(2);
    expect(fake.requests[1].body.messages.at(-1)?.content).toMatch(/confidence|strengths/);
  });

  it('falls through to Local after a failed repair, without retrying the output error', async () => {
    fake.setDefault({ kind: 'malformed', content: 'I cannot answer in JSON.' });
    const result = await run(manager());
    expect(result.meta.provider).toBe('local');
    expect(result.meta.fallbacks[0].error).toContain('does not match the schema');
    expect(fake.requests).toHaveLength(2);
  });

  it('times out a slow answer, retries, and answers', async () => {
    fake.queue({ kind: 'slow', delayMs: 1_500 });
    const result = await run(manager({ timeoutMs: 200 }));
    expect(result.meta.provider).toBe('openai');
    expect(fake.requests).toHaveLength(2);
  });

  it('falls through to Local when every answer is too slow', async () => {
    fake.setDefault({ kind: 'slow', delayMs: 1_500 });
    const result = await run(manager({ timeoutMs: 150, retries: 1 }));
    expect(result.meta.provider).toBe('local');
    expect(result.meta.fallbacks[0].error).toMatch(/timed out|timeout/i);
    expect(fake.requests).toHaveLength(2);
  });

  it('does not retry a 401 (not transient) and falls through', async () => {
    fake.queue({ kind: 'unauthorized' });
    const result = await run(manager());
    expect(result.meta.provider).toBe('local');
    expect(fake.requests).toHaveLength(1);
  });

  it('opens the circuit breaker after repeated failures: later runs skip the provider', async () => {
    fake.setDefault({ kind: 'server-error' });
    const m = manager({
      retries: 0,
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    });
    await run(m);
    await run(m);
    const before = fake.requests.length;
    const third = await run(m);
    expect(third.meta.provider).toBe('local');
    expect(third.meta.fallbacks[0].error).toContain('circuit breaker');
    expect(fake.requests.length).toBe(before);
  });

  it('answers a repeated request from the 24 h cache without calling out', async () => {
    const cache = new TwoLevelCache({ prefix: `t${process.pid}` });
    const m = manager({ cache });
    const first = await run(m);
    const second = await run(m);
    expect(fake.requests).toHaveLength(1);
    expect(second.meta.source).toBe('cache');
    expect(second.value).toEqual(first.value);
    expect(second.meta.cacheKey).toBe(first.meta.cacheKey);
    await cache.close();
  });

  it('replays stored answers byte for byte and never calls out', async () => {
    const store = new MemoryCallStore();
    const live = await run(manager({ callStore: store }));
    expect(store.calls).toHaveLength(1);
    fake.requests.length = 0;
    const a = await run(manager({ callStore: store, replay: true }));
    const b = await run(manager({ callStore: store, replay: true }));
    expect(fake.requests).toHaveLength(0);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.value).toEqual(live.value);
    expect(a.meta).toMatchObject({
      source: 'replay',
      provider: 'openai',
      latencyMs: live.meta.latencyMs,
    });
  });

  it('replay without a stored answer fails instead of calling out', async () => {
    const m = manager({ callStore: new MemoryCallStore(), replay: true });
    await expect(run(m)).rejects.toBeInstanceOf(ReplayMissError);
    expect(fake.requests).toHaveLength(0);
  });

  it('archives every call with hashes, user and template version, failed ones too', async () => {
    const store = new MemoryCallStore();
    fake.queue({ kind: 'unauthorized' });
    await run(manager({ callStore: store, user: 'alice' }));
    expect(store.calls.map((c) => [c.provider, c.status])).toEqual([
      ['openai', 'error'],
      ['local', 'ok'],
    ]);
    const ok = store.calls[1];
    expect(ok.user).toBe('alice');
    expect(ok.templateVersion).toBe('1');
    expect(ok.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(ok.responseHash).toMatch(/^[0-9a-f]{64}$/);
    expect(ok.promptHash).toBe(store.calls[0].promptHash);
  });

  it('keeps the API key out of log lines and archived prompts', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'trace', destination: sink });
    const store = new MemoryCallStore();
    // The key even appears in the input (pasted into a param by mistake) and the failures log.
    fake.queue({ kind: 'server-error' }, { kind: 'unauthorized' });
    const input = { ...evaluationInput, params: { ...evaluationInput.params, note: API_KEY } };
    const result = await manager({ logger, callStore: store }).run(strategyEvaluationTask, input);
    expect(result.meta.provider).toBe('local');
    expect(fake.requests[0].authorization).toBe(`Bearer ${API_KEY}`);
    const logged = lines.join('');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(API_KEY);
    const archived = JSON.stringify(store.calls);
    expect(archived).toContain('[redacted]');
    expect(archived).not.toContain(API_KEY);
  });
});
