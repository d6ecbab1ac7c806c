import type { Store } from '../database.ts';
import { num } from '../ids.ts';
import { fromJsonText, toJsonText } from '../json.ts';
import type { AuditLogTable } from '../schema.ts';

export interface AuditEntry {
  readonly ts: number;
  readonly actor: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly details: unknown;
  readonly ip: string | null;
  /** Hash chain columns; computing and verifying them belongs to the API layer. */
  readonly prevHash: string;
  readonly hash: string;
}

export interface StoredAuditEntry extends AuditEntry {
  /** Position in the log: strictly increasing in append order. */
  readonly seq: number;
}

/** Append-only audit log: no update or delete methods on purpose. */
export class AuditLogRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async append(entry: AuditEntry): Promise<number> {
    const values = {
      ts: entry.ts,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      details_json: toJsonText(entry.details ?? null),
      ip: entry.ip,
      prev_hash: entry.prevHash,
      hash: entry.hash,
    };
    const insert = this.#store.db.insertInto('audit_log').values(values);
    if (this.#store.dialect === 'postgres') {
      const row = await insert.returning('seq').executeTakeFirstOrThrow();
      return num(row.seq);
    }
    const result = await insert.executeTakeFirstOrThrow();
    return Number(result.insertId);
  }

  /** Entries in append order, after `afterSeq` (exclusive) when given. */
  async list(options: { afterSeq?: number; limit?: number } = {}): Promise<StoredAuditEntry[]> {
    let query = this.#store.db.selectFrom('audit_log').selectAll();
    if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
    const rows = await query
      .orderBy('seq')
      .limit(options.limit ?? 1_000)
      .execute();
    return rows.map(toEntry);
  }

  /** The newest entry (the head of the hash chain), or null when the log is empty. */
  async last(): Promise<StoredAuditEntry | null> {
    const row = await this.#store.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toEntry(row) : null;
  }
}

function toEntry(row: Omit<AuditLogTable, 'seq'> & { seq: number }): StoredAuditEntry {
  return {
    seq: num(row.seq),
    ts: num(row.ts),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: fromJsonText(row.details_json),
    ip: row.ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
