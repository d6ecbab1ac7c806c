import type { z } from 'zod';
import type { ChatMessage } from '../types.ts';

/**
 * One analysis: a versioned prompt template and the zod schema its answer must satisfy.
 * Bump `version` whenever the prompt or schema changes: the version is part of the cache and
 * replay key, so stored answers never serve a different question.
 */
export interface AnalysisTask<I, O> {
  readonly id: string;
  readonly version: string;
  /** JSON-schema name sent to the server with response_format (letters, digits, _ and -). */
  readonly schemaName: string;
  readonly schema: z.ZodType<O>;
  /** The prompt for this input. Pure: the same input gives the same messages. */
  render(input: I): ChatMessage[];
}

/** Shared system preamble: the model must answer with JSON only, about the data given. */
export function systemMessage(role: string): ChatMessage {
  return {
    role: 'system',
    content:
      `You are ${role} for a micro-cap stock research platform. ` +
      'Use only the data in the user message; do not assume prices or news that are not given. ' +
      'Answer with one JSON object that matches the requested schema and nothing else.',
  };
}

/** Stable JSON for prompts: keys in insertion order, 2-space indent, no undefined. */
export function promptJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
