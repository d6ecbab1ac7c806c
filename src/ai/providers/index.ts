import { InputError } from '../../domain/errors.ts';
import type { Config } from '../../infra/config.ts';
import type { LlmProvider } from '../types.ts';
import { LocalProvider } from './local/provider.ts';
import { OPENAI_DEFAULT_MODEL, OpenAiCompatibleProvider } from './openai/provider.ts';

export { LocalProvider, LOCAL_MODEL } from './local/provider.ts';
export { OpenAiCompatibleProvider, OPENAI_DEFAULT_BASE_URL } from './openai/provider.ts';

export const PROVIDER_CHOICES = ['local', 'openai'] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];

type LlmConfig = Pick<Config, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'OPENAI_API_KEY' | 'LLM_MODEL'>;

/** The API key in force: LLM_API_KEY, else OPENAI_API_KEY. */
export function llmApiKey(config: LlmConfig): string | undefined {
  return config.LLM_API_KEY ?? config.OPENAI_API_KEY;
}

/** True when a remote (OpenAI-compatible) provider is configured: a key or a base URL. */
export function remoteConfigured(config: LlmConfig): boolean {
  return llmApiKey(config) !== undefined || config.LLM_BASE_URL !== undefined;
}

/**
 * Providers in the order the manager tries them. With neither key nor base URL only the local
 * analyst is configured; otherwise the OpenAI-compatible server comes first. `choice` narrows
 * this: `local` uses only Local; `openai` requires the remote configuration.
 */
export function createProviders(
  config: LlmConfig,
  choice?: ProviderChoice,
  options: { timeoutMs?: number } = {},
): LlmProvider[] {
  const local = new LocalProvider();
  if (choice === 'openai' && !remoteConfigured(config)) {
    throw new InputError(
      'provider',
      choice,
      'needs LLM_API_KEY (or OPENAI_API_KEY) or LLM_BASE_URL in the environment',
    );
  }
  if (choice === 'local' || (choice === undefined && !remoteConfigured(config))) return [local];
  const remote = new OpenAiCompatibleProvider({
    baseURL: config.LLM_BASE_URL,
    apiKey: llmApiKey(config),
    model: config.LLM_MODEL ?? OPENAI_DEFAULT_MODEL,
    timeoutMs: options.timeoutMs,
  });
  return [remote, local];
}
