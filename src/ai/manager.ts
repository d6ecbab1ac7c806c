import type { Logger } from 'pino';
import type { AnalysisTask } from './analyses/task.ts';
import { analysisCacheKey, sha256 } from './cache-key.ts';
import { LlmCallError, ReplayMissError } from './errors.ts';
import { estimateCost } from './pricing.ts';
import { LocalProvider } from './providers/local/provider.ts';
import { redactSecrets } from './redact.ts';
import type { CallRecord, CallStore } from './store/call-store.ts';
import type { LlmProvider, StructuredRequest, StructuredResult, TokenUsage } from './types.ts';
import type { TwoLevelCache } from '../infra/cache.ts';
import { ProviderBreaker } from '../infra/circuit-breaker.ts';
import type { BreakerOptions } from '../infra/circuit-breaker.ts';
import { withRetry } from '../infra/retry.ts';

/**
 * The AI service manager: runs an analysis through the ordered providers. Per remote provider:
 * a circuit breaker, a deadline per call, retries with exponential backoff and full jitter
 * (honouring 429 Retry-After), then fall-through to the next provider and finally the local
 * analyst, which always answers. Every call is archived (CallStore) with provider, model,
 * template version, latency, tokens and estimated cost; answers are cached for 24 h under
 * SHA-256(provider, model, task, template version, input). Replay mode answers only from the
 * archive and never calls a provider, so AI-assisted runs repeat byte for byte.
 */

export type AnswerSource = 'live' | 'cache' | 'replay';

export interface AnalysisMeta {
  readonly task: string;
  readonly templateVersion: string;
  readonly provider: string;
  readonly model: string;
  readonly latencyMs: number;
  readonly tokens: TokenUsage;
  readonly costUsd: number | null;
  readonly attempts: number;
  readonly cacheKey: string;
  readonly source: AnswerSource;
  /** Providers tried before the one that answered, with why they failed. */
  readonly fallbacks: readonly { readonly provider: string; readonly error: string }[];
}

export interface AnalysisResult<O> {
  readonly value: O;
  readonly meta: AnalysisMeta;
}

export interface AiServiceOptions {
  /** Tried in order; the local analyst is appended when missing. */
  readonly providers: readonly LlmProvider[];
  readonly cache?: TwoLevelCache | null;
  /** Archive and replay store (LlmCallRepository for the database). */
  readonly callStore?: CallStore | null;
  /** Answer only from callStore; never call a provider. */
  readonly replay?: boolean;
  /** Recorded with every call (the CLI's OS user, the API's user id). */
  readonly user?: string | null;
  readonly logger?: Logger;
  /** Retries after the first attempt, per provider (default 2). */
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this falls through to the next provider at once (default 30 s). */
  readonly maxRetryAfterMs?: number;
  /** Deadline of one call, ms (default 30 s). */
  readonly timeoutMs?: number;
  readonly breaker?: BreakerOptions;
  /** Values to scrub from archived prompts, answers and log lines (the API keys). */
  readonly secrets?: readonly (string | undefined)[];
  /** Called after each archived call (e.g. to append to the API's hash-chained audit log). */
  readonly onCall?: (record: CallRecord) => Promise<void> | void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

interface CachedAnswer {
  readonly value: unknown;
  readonly meta: AnalysisMeta;
}

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export class AiServiceManager {
  readonly providers: readonly LlmProvider[];
  readonly replay: boolean;
  private readonly options: AiServiceOptions;
  private readonly breakers = new Map<string, ProviderBreaker>();

  constructor(options: AiServiceOptions) {
    this.options = options;
    this.replay = options.replay ?? false;
    const providers = [...options.providers];
    if (!providers.some((p) => p instanceof LocalProvider)) providers.push(new LocalProvider());
    this.providers = providers;
  }

  private breakerFor(provider: LlmProvider): ProviderBreaker {
    let breaker = this.breakers.get(provider.name);
    if (!breaker) {
      breaker = new ProviderBreaker(`llm:${provider.name}`, this.options.breaker);
      this.breakers.set(provider.name, breaker);
    }
    return breaker;
  }

  private redact(text: string): string {
    return redactSecrets(text, this.options.secrets ?? []);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async run<I, O>(task: AnalysisTask<I, O>, input: I): Promise<AnalysisResult<O>> {
    const messages = task.render(input);
    const prompt = this.redact(JSON.stringify(messages));
    const promptHash = sha256(prompt);
    const keyFor = (provider: LlmProvider): string =>
      analysisCacheKey({
        provider: provider.name,
        model: provider.model,
        task: task.id,
        templateVersion: task.version,
        input,
      });

    if (this.replay) return this.fromReplay(task, this.providers.map(keyFor));

    const fallbacks: { provider: string; error: string }[] = [];
    let lastError: unknown;
    for (const provider of this.providers) {
      const cacheKey = keyFor(provider);
      const cached = await this.options.cache?.get<CachedAnswer>('ai-analysis', cacheKey);
      if (cached) {
        const parsed = task.schema.safeParse(cached.value);
        if (parsed.success) {
          return { value: parsed.data, meta: { ...cached.meta, source: 'cache', fallbacks } };
        }
      }
      const started = performance.now();
      const base = {
        ts: this.now(),
        user: this.options.user ?? null,
        provider: provider.name,
        model: provider.model,
        task: task.id,
        templateVersion: task.version,
        cacheKey,
        promptHash,
        prompt,
      };
      try {
        const result = await this.call(provider, {
          messages,
          schema: task.schema,
          schemaName: task.schemaName,
          task: { id: task.id, input },
        });
        const latencyMs = Math.round(performance.now() - started);
        const response = this.redact(result.raw);
        const costUsd = estimateCost(result.model, result.usage, provider.selfHosted);
        const meta: AnalysisMeta = {
          task: task.id,
          templateVersion: task.version,
          provider: provider.name,
          model: result.model,
          latencyMs,
          tokens: result.usage,
          costUsd,
          attempts: result.attempts,
          cacheKey,
          source: 'live',
          fallbacks,
        };
        await this.archive({
          ...base,
          model: result.model,
          responseHash: sha256(response),
          response,
          result: result.value,
          status: 'ok',
          error: null,
          latencyMs,
          usage: result.usage,
          costUsd,
          attempts: result.attempts,
        });
        await this.options.cache?.set<CachedAnswer>('ai-analysis', cacheKey, {
          value: result.value,
          meta: { ...meta, fallbacks: [] },
        });
        this.options.logger?.debug(
          {
            task: task.id,
            provider: provider.name,
            model: result.model,
            latencyMs,
            tokens: result.usage.totalTokens,
            costUsd,
          },
          'ai analysis answered',
        );
        return { value: result.value, meta };
      } catch (error) {
        lastError = error;
        const reason = this.redact(message(error));
        fallbacks.push({ provider: provider.name, error: reason });
        this.options.logger?.warn(
          { task: task.id, provider: provider.name, err: reason },
          'ai provider failed; trying the next one',
        );
        await this.archive({
          ...base,
          responseHash: null,
          response: null,
          status: 'error',
          error: reason,
          latencyMs: Math.round(performance.now() - started),
          usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
          costUsd: null,
          attempts: 0,
        });
      }
    }
    throw lastError;
  }

  /** One provider: offline ones are called directly; remote ones through breaker and retries. */
  private async call<O>(
    provider: LlmProvider,
    request: StructuredRequest<O>,
  ): Promise<StructuredResult<O>> {
    if (provider.offline) return provider.generateStructured<O>(request);
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const breaker = this.breakerFor(provider);
    return withRetry(
      () =>
        breaker.fire(() =>
          withDeadline(
            provider.generateStructured<O>(request, { timeoutMs }),
            timeoutMs + 1_000,
            provider.name,
          ),
        ),
      {
        retries: this.options.retries ?? 2,
        baseDelayMs: this.options.baseDelayMs ?? 500,
        maxDelayMs: this.options.maxDelayMs ?? 8_000,
        maxRetryAfterMs: this.options.maxRetryAfterMs ?? 30_000,
        sleep: this.options.sleep,
        random: this.options.random,
        onRetry: (info) =>
          this.options.logger?.info(
            {
              provider: provider.name,
              retry: info.retry,
              delayMs: info.delayMs,
              retryAfter: info.serverRequested,
              err: this.redact(message(info.error)),
            },
            'ai provider call failed; retrying',
          ),
      },
    );
  }

  private async fromReplay<I, O>(
    task: AnalysisTask<I, O>,
    keys: readonly string[],
  ): Promise<AnalysisResult<O>> {
    const store = this.options.callStore;
    if (store) {
      for (const cacheKey of keys) {
        const stored = await store.findAnswer(cacheKey);
        if (!stored) continue;
        const parsed = task.schema.safeParse(stored.result);
        if (!parsed.success) continue;
        return {
          value: parsed.data,
          meta: {
            task: task.id,
            templateVersion: task.version,
            provider: stored.provider,
            model: stored.model,
            latencyMs: stored.latencyMs,
            tokens: stored.usage,
            costUsd: stored.costUsd,
            attempts: stored.attempts,
            cacheKey,
            source: 'replay',
            fallbacks: [],
          },
        };
      }
    }
    throw new ReplayMissError(task.id, keys);
  }

  private async archive(record: CallRecord): Promise<void> {
    try {
      await this.options.callStore?.record(record);
      await this.options.onCall?.(record);
    } catch (error) {
      // The answer is still good; losing the archive row must be visible, not fatal.
      this.options.logger?.error(
        { task: record.task, provider: record.provider, err: message(error) },
        'could not archive the LLM call',
      );
    }
  }

  /** Stops the breakers' timers. */
  close(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}

/** Rejects (transient) when a call outlives its deadline, in case a provider ignores its own. */
function withDeadline<T>(promise: Promise<T>, ms: number, provider: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LlmCallError(provider, `no answer within ${ms} ms`, { transient: true })),
      ms,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
