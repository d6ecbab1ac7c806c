import type { CallRecord, CallStore, StoredAnswer } from './call-store.ts';

/** The audit trail as the AI layer needs it (src/server/audit-trail.ts AuditTrail fits). */
export interface CallAuditTrail {
  record(event: {
    readonly actor: string | null;
    readonly action: string;
    readonly target?: string | null;
    readonly details?: unknown;
  }): Promise<unknown>;
}

/**
 * Archives each call like its inner store (llm_calls) and then chains it into the
 * tamper-evident audit trail as `llm.call`: who asked, which provider, model and template,
 * the outcome and the SHA-256 of prompt and answer. The texts stay in llm_calls; their hashes
 * in the chain let `audit verify` plus a hash of the archived texts show that neither the call
 * record nor the archive was altered after the fact.
 */
export class AuditedCallStore implements CallStore {
  readonly #inner: CallStore;
  readonly #audit: CallAuditTrail;
  readonly #actor: string | null;

  constructor(inner: CallStore, audit: CallAuditTrail, actor: string | null) {
    this.#inner = inner;
    this.#audit = audit;
    this.#actor = actor;
  }

  async record(call: CallRecord): Promise<string> {
    const id = await this.#inner.record(call);
    await this.#audit.record({
      actor: this.#actor,
      action: 'llm.call',
      target: id,
      details: {
        provider: call.provider,
        model: call.model,
        task: call.task,
        templateVersion: call.templateVersion,
        status: call.status,
        promptHash: call.promptHash,
        responseHash: call.responseHash,
        promptTokens: call.usage.promptTokens,
        completionTokens: call.usage.completionTokens,
        costUsd: call.costUsd,
        attempts: call.attempts,
      },
    });
    return id;
  }

  findAnswer(cacheKey: string): Promise<StoredAnswer | null> {
    return this.#inner.findAnswer(cacheKey);
  }
}
