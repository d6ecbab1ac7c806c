import type { Kysely } from 'kysely';
import type { Store } from '../../store/database.ts';
import { newId, num, numOrNull } from '../../store/ids.ts';
import { fromNullableJsonText, toJsonText } from '../../store/json.ts';
import type { Database } from '../../store/schema.ts';
import type { CallRecord, CallStore, StoredAnswer } from './call-store.ts';

export interface LlmCallTable {
  id: string;
  ts: number;
  user_id: string | null;
  provider: string;
  model: string;
  task: string;
  template_version: string;
  cache_key: string;
  prompt_hash: string;
  response_hash: string | null;
  prompt_text: string;
  response_text: string | null;
  result_json: string | null;
  status: string;
  error: string | null;
  latency_ms: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number | null;
  attempts: number;
}

type AiDatabase = Database & { llm_calls: LlmCallTable };

export interface StoredLlmCall extends CallRecord {
  readonly id: string;
}

/**
 * The llm_calls table: the compliance archive and the replay store. Append-only (no update or
 * delete). Call migrateAiTables(store) first.
 */
export class LlmCallRepository implements CallStore {
  readonly #db: Kysely<AiDatabase>;

  constructor(store: Store) {
    this.#db = store.db.withTables<{ llm_calls: LlmCallTable }>();
  }

  async record(call: CallRecord): Promise<string> {
    const id = newId();
    await this.#db
      .insertInto('llm_calls')
      .values({
        id,
        ts: call.ts,
        user_id: call.user,
        provider: call.provider,
        model: call.model,
        task: call.task,
        template_version: call.templateVersion,
        cache_key: call.cacheKey,
        prompt_hash: call.promptHash,
        response_hash: call.responseHash,
        prompt_text: call.prompt,
        response_text: call.response,
        result_json: call.result === undefined ? null : toJsonText(call.result),
        status: call.status,
        error: call.error,
        latency_ms: call.latencyMs,
        prompt_tokens: call.usage.promptTokens,
        completion_tokens: call.usage.completionTokens,
        cost_usd: call.costUsd,
        attempts: call.attempts,
      })
      .execute();
    return id;
  }

  /** The newest successful answer for a cache key, or null. */
  async findAnswer(cacheKey: string): Promise<StoredAnswer | null> {
    const row = await this.#db
      .selectFrom('llm_calls')
      .selectAll()
      .where('cache_key', '=', cacheKey)
      .where('status', '=', 'ok')
      .orderBy('ts', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  async list(options: { task?: string; limit?: number } = {}): Promise<StoredLlmCall[]> {
    let query = this.#db.selectFrom('llm_calls').selectAll();
    if (options.task !== undefined) query = query.where('task', '=', options.task);
    const rows = await query
      .orderBy('ts', 'desc')
      .orderBy('id')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toRecord);
  }
}

function toRecord(row: LlmCallTable): StoredLlmCall {
  return {
    id: row.id,
    ts: num(row.ts),
    user: row.user_id,
    provider: row.provider,
    model: row.model,
    task: row.task,
    templateVersion: row.template_version,
    cacheKey: row.cache_key,
    promptHash: row.prompt_hash,
    responseHash: row.response_hash,
    prompt: row.prompt_text,
    response: row.response_text,
    result: fromNullableJsonText(row.result_json) ?? undefined,
    status: row.status === 'ok' ? 'ok' : 'error',
    error: row.error,
    latencyMs: num(row.latency_ms),
    usage: {
      promptTokens: num(row.prompt_tokens),
      completionTokens: num(row.completion_tokens),
      totalTokens: num(row.prompt_tokens) + num(row.completion_tokens),
    },
    costUsd: numOrNull(row.cost_usd),
    attempts: num(row.attempts),
  };
}
