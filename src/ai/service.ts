import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../infra/config.ts';
import type { TwoLevelCache } from '../infra/cache.ts';
import type { Store } from '../store/database.ts';
import { AiServiceManager } from './manager.ts';
import type { AiServiceOptions } from './manager.ts';
import { createProviders, llmApiKey } from './providers/index.ts';
import type { ProviderChoice } from './providers/index.ts';
import { AuditedCallStore } from './store/audited-call-store.ts';
import type { CallAuditTrail } from './store/audited-call-store.ts';
import type { CallStore } from './store/call-store.ts';
import { LlmCallRepository } from './store/llm-call-repository.ts';
import { migrateAiTables } from './store/migrate.ts';

export interface CreateAiServiceOptions {
  readonly config: Config;
  /** Archive and replay store; without one, calls are not archived and replay cannot answer. */
  readonly store?: Store | null;
  readonly provider?: ProviderChoice;
  readonly replay?: boolean;
  readonly user?: string | null;
  /**
   * Chains every archived call into the audit trail as `llm.call` by this actor (the CLI passes
   * its AuditTrail and `cli:<os user>`). Needs `store`.
   */
  readonly audit?: { readonly trail: CallAuditTrail; readonly actor: string | null } | null;
  readonly logger?: Logger;
  readonly cache?: TwoLevelCache | null;
  /** Overrides for retries, timeouts, breaker (tests, the API server). */
  readonly tuning?: Partial<
    Pick<
      AiServiceOptions,
      | 'retries'
      | 'baseDelayMs'
      | 'maxDelayMs'
      | 'maxRetryAfterMs'
      | 'timeoutMs'
      | 'breaker'
      | 'onCall'
      | 'sleep'
    >
  >;
}

/** The OS user for CLI runs (recorded with each call); null when the OS cannot say. */
export function cliUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/**
 * Wires the manager from configuration: providers from LLM_* variables (local only when neither
 * key nor base URL is set), the llm_calls archive when a store is given, keys as secrets to
 * scrub from everything archived or logged.
 */
export async function createAiService(options: CreateAiServiceOptions): Promise<AiServiceManager> {
  const providers = createProviders(options.config, options.provider, {
    timeoutMs: options.tuning?.timeoutMs,
  });
  let callStore: CallStore | null = null;
  if (options.store) {
    await migrateAiTables(options.store);
    const archive = new LlmCallRepository(options.store);
    callStore = options.audit
      ? new AuditedCallStore(archive, options.audit.trail, options.audit.actor)
      : archive;
  }
  return new AiServiceManager({
    providers,
    callStore,
    cache: options.cache ?? null,
    replay: options.replay ?? false,
    user: options.user ?? null,
    logger: options.logger,
    secrets: [llmApiKey(options.config), options.config.LLM_API_KEY, options.config.OPENAI_API_KEY],
    ...options.tuning,
  });
}
