import type { TokenUsage } from './types.ts';

/**
 * Estimated cost of a call, USD, from a small price table: USD per million input and output
 * tokens as OpenAI lists them (standard tier, checked November 2025). Self-hosted servers
 * (Ollama, llama.cpp, vLLM, LM Studio) and the local analyst cost 0. A model not in the table
 * gets a null cost rather than a guess. Keep docs/ai.md in step when editing.
 */

export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4 },
};

/** Model names as servers return them carry a date suffix (gpt-4o-mini-2024-07-18). */
export function priceFor(model: string): ModelPrice | null {
  if (Object.hasOwn(MODEL_PRICES, model)) return MODEL_PRICES[model];
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return Object.hasOwn(MODEL_PRICES, base) ? MODEL_PRICES[base] : null;
}

/** USD rounded to a millionth of a dollar; 0 for offline or self-hosted calls; null if unknown. */
export function estimateCost(model: string, usage: TokenUsage, selfHosted: boolean): number | null {
  if (selfHosted) return 0;
  const price = priceFor(model);
  if (!price) return null;
  const usd =
    (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) /
    1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}
