import type { z } from 'zod';

/**
 * The contract every LLM provider implements (OpenAI-compatible servers, the local analyst).
 * Providers do one call each; retries, breakers, caching and failover live in the manager.
 */

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

export const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

export interface CallOptions {
  /** Per-call deadline, ms; the provider aborts the request when it passes. */
  readonly timeoutMs?: number;
}

/** What a built-in analysis is, so the local analyst can answer it without reading prose. */
export interface TaskRef {
  readonly id: string;
  readonly input: unknown;
}

export interface StructuredRequest<T> {
  readonly messages: readonly ChatMessage[];
  readonly schema: z.ZodType<T>;
  /** Name of the JSON schema sent to the server (letters, digits, _ and -). */
  readonly schemaName: string;
  /** The analysis and its input: the local analyst answers from this, not from the prompt. */
  readonly task?: TaskRef;
}

export interface TextResult {
  readonly text: string;
  readonly model: string;
  readonly usage: TokenUsage;
}

export interface StructuredResult<T> {
  readonly value: T;
  /** The raw answer text that was validated (kept for the compliance archive). */
  readonly raw: string;
  readonly model: string;
  readonly usage: TokenUsage;
  /** 1 when the first answer was valid, 2 when the repair retry was needed. */
  readonly attempts: number;
}

/** Sentiment of a piece of financial text: score in [-1, 1]. */
export interface ContentAnalysis {
  readonly score: number;
  readonly label: 'positive' | 'negative' | 'neutral';
  /** Terms that moved the score (for explanations). */
  readonly terms: readonly string[];
}

export interface LlmProvider {
  /** Provider id as recorded in results: `local`, `openai`, or a configured name. */
  readonly name: string;
  /** Model the provider asks for (recorded; the server may answer with a more exact name). */
  readonly model: string;
  /** True when calls never leave the process (no timeout, breaker or retry needed). */
  readonly offline: boolean;
  /** True for servers we run ourselves (Ollama, llama.cpp, vLLM): their calls cost nothing. */
  readonly selfHosted: boolean;
  generate(messages: readonly ChatMessage[], options?: CallOptions): Promise<TextResult>;
  generateStructured<T>(
    request: StructuredRequest<T>,
    options?: CallOptions,
  ): Promise<StructuredResult<T>>;
  analyseFinancialContent(text: string, options?: CallOptions): Promise<ContentAnalysis>;
}
