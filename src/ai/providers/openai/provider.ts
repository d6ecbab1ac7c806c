import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { z } from 'zod';
import { parseRetryAfter } from '../../../infra/retry.ts';
import { LlmCallError, LlmOutputError } from '../../errors.ts';
import type {
  CallOptions,
  ChatMessage,
  ContentAnalysis,
  LlmProvider,
  StructuredRequest,
  StructuredResult,
  TextResult,
  TokenUsage,
} from '../../types.ts';
import { NO_USAGE } from '../../types.ts';

/**
 * Any server that speaks OpenAI's chat-completions API: OpenAI itself, Ollama, the llama.cpp
 * server, vLLM, LM Studio (set baseURL). Structured output uses response_format json_schema
 * (the schema comes from zod via z.toJSONSchema); the answer is validated with zod, and one
 * repair turn sends the validation error back before giving up.
 *
 * The SDK's own retries are off (maxRetries 0): the manager retries, so one place decides.
 */

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';

export interface OpenAiProviderOptions {
  /** Name recorded in results (default `openai`). */
  readonly name?: string;
  /** Default https://api.openai.com/v1; Ollama: http://localhost:11434/v1. */
  readonly baseURL?: string;
  /** Local servers take any key; a placeholder is sent when none is set. */
  readonly apiKey?: string;
  readonly model?: string;
  /** Default request deadline, ms (the manager passes its own per call). */
  readonly timeoutMs?: number;
  readonly temperature?: number;
  /** Priced as free; default: true unless the base URL is api.openai.com. */
  readonly selfHosted?: boolean;
}

const sentimentSchema = z.object({
  score: z.number().min(-1).max(1),
  label: z.enum(['positive', 'negative', 'neutral']),
  terms: z.array(z.string()),
});

/** JSON schema for response_format: zod 4's output, minus the $schema marker servers reject. */
export function jsonSchemaFor(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function usageOf(usage: OpenAI.CompletionUsage | undefined): TokenUsage {
  if (!usage) return NO_USAGE;
  return {
    promptTokens: usage.prompt_tokens ?? 0,
    completionTokens: usage.completion_tokens ?? 0,
    totalTokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
  };
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** Strips a ```json fence some local models wrap around JSON. */
function unfence(text: string): string {
  const match = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return match ? match[1] : text;
}

type Validation<T> = { ok: true; value: T } | { ok: false; problem: string };

function validate<T>(schema: z.ZodType<T>, text: string): Validation<T> {
  let data: unknown;
  try {
    data = JSON.parse(unfence(text));
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: z.prettifyError(parsed.error) };
}

export class OpenAiCompatibleProvider implements LlmProvider {
  readonly name: string;
  readonly model: string;
  readonly offline = false;
  readonly selfHosted: boolean;
  readonly baseURL: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly temperature: number;

  constructor(options: OpenAiProviderOptions = {}) {
    this.name = options.name ?? 'openai';
    this.model = options.model ?? OPENAI_DEFAULT_MODEL;
    this.baseURL = options.baseURL ?? OPENAI_DEFAULT_BASE_URL;
    this.selfHosted = options.selfHosted ?? !this.baseURL.startsWith('https://api.openai.com');
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.temperature = options.temperature ?? 0;
    this.client = new OpenAI({
      apiKey: options.apiKey ?? 'no-key',
      baseURL: this.baseURL,
      maxRetries: 0,
      timeout: this.timeoutMs,
      logLevel: 'off',
    });
  }

  private async chat(
    messages: readonly ChatMessage[],
    options: CallOptions,
    responseFormat?: OpenAI.ChatCompletionCreateParams['response_format'],
  ): Promise<{ text: string; model: string; usage: TokenUsage }> {
    let completion: OpenAI.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          temperature: this.temperature,
          ...(responseFormat ? { response_format: responseFormat } : {}),
        },
        { timeout: options.timeoutMs ?? this.timeoutMs, maxRetries: 0 },
      );
    } catch (error) {
      throw this.toCallError(error);
    }
    const choice = completion.choices?.[0];
    const text = choice?.message?.content;
    if (typeof text !== 'string') {
      throw new LlmCallError(this.name, 'the answer has no message content', {
        transient: true,
      });
    }
    return { text, model: completion.model || this.model, usage: usageOf(completion.usage) };
  }

  /** Maps SDK errors to LlmCallError: 429, 5xx, timeouts and connection errors are transient. */
  private toCallError(error: unknown): LlmCallError {
    if (error instanceof APIUserAbortError) {
      return new LlmCallError(this.name, 'request aborted', { transient: true, cause: error });
    }
    if (error instanceof APIConnectionError) {
      // Includes APIConnectionTimeoutError.
      return new LlmCallError(this.name, error.message, { transient: true, cause: error });
    }
    if (error instanceof APIError) {
      const status = error.status;
      const headers = error.headers;
      const retryAfterMs =
        headers?.get('retry-after-ms') != null
          ? Number(headers.get('retry-after-ms'))
          : parseRetryAfter(headers?.get('retry-after'));
      const transient = status === 429 || status === 408 || (status !== undefined && status >= 500);
      return new LlmCallError(this.name, `HTTP ${status}: ${error.message}`, {
        status,
        transient,
        retryAfterMs: Number.isFinite(retryAfterMs) ? retryAfterMs : undefined,
        cause: error,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new LlmCallError(this.name, message, { transient: false, cause: error });
  }

  async generate(messages: readonly ChatMessage[], options: CallOptions = {}): Promise<TextResult> {
    return this.chat(messages, options);
  }

  async generateStructured<T>(
    request: StructuredRequest<T>,
    options: CallOptions = {},
  ): Promise<StructuredResult<T>> {
    const format: OpenAI.ChatCompletionCreateParams['response_format'] = {
      type: 'json_schema',
      json_schema: {
        name: request.schemaName,
        strict: true,
        schema: jsonSchemaFor(request.schema),
      },
    };
    const first = await this.chat(request.messages, options, format);
    const checked = validate(request.schema, first.text);
    if (checked.ok) {
      return {
        value: checked.value,
        raw: first.text,
        model: first.model,
        usage: first.usage,
        attempts: 1,
      };
    }
    // One repair turn: show the model its answer and what was wrong with it.
    const repair: ChatMessage[] = [
      ...request.messages,
      { role: 'assistant', content: first.text },
      {
        role: 'user',
        content:
          `Your answer does not match the required JSON schema: ${checked.problem}\n` +
          'Reply again with only the corrected JSON object.',
      },
    ];
    const second = await this.chat(repair, options, format);
    const rechecked = validate(request.schema, second.text);
    const usage = addUsage(first.usage, second.usage);
    if (!rechecked.ok) throw new LlmOutputError(this.name, rechecked.problem, second.text);
    return { value: rechecked.value, raw: second.text, model: second.model, usage, attempts: 2 };
  }

  async analyseFinancialContent(text: string, options: CallOptions = {}): Promise<ContentAnalysis> {
    const result = await this.generateStructured(
      {
        messages: [
          {
            role: 'system',
            content:
              'You score the sentiment of financial text for a micro-cap stock investor. Answer ' +
              'with JSON: score -1..1, label positive|negative|neutral, terms = the words that ' +
              'drove the score.',
          },
          { role: 'user', content: text },
        ],
        schema: sentimentSchema,
        schemaName: 'content_sentiment',
      },
      options,
    );
    return result.value;
  }
}
