import type { Store } from '../database.ts';
import { newId, num, numOrNull } from '../ids.ts';
import { fromJsonText, toJsonText } from '../json.ts';
import type { SignalTable } from '../schema.ts';

export interface StoredSignal {
  readonly id: string;
  readonly symbol: string;
  readonly strategy: string;
  /** Epoch ms of the bar the signal was computed on. */
  readonly ts: number;
  readonly action: string;
  readonly strength: number | null;
  readonly price: number | null;
  /** e.g. 'accepted', 'rejected', 'pending' (the signal pipeline decides the vocabulary). */
  readonly status: string;
  readonly reason: string | null;
  readonly details: unknown;
  readonly createdAt: number;
}

export type NewSignal = Omit<StoredSignal, 'id' | 'createdAt'>;

/** Signals produced by the pipeline, accepted or rejected (with the reason). */
export class SignalRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async save(signal: NewSignal, now = Date.now()): Promise<StoredSignal> {
    const row: SignalTable = {
      id: newId(),
      symbol: signal.symbol,
      strategy: signal.strategy,
      ts: signal.ts,
      action: signal.action,
      strength: signal.strength,
      price: signal.price,
      status: signal.status,
      reason: signal.reason,
      details_json: toJsonText(signal.details ?? null),
      created_at: now,
    };
    await this.#store.db.insertInto('signals').values(row).execute();
    return toSignal(row);
  }

  async get(id: string): Promise<StoredSignal | null> {
    const row = await this.#store.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSignal(row) : null;
  }

  /** Newest bar first. */
  async list(
    options: { symbol?: string; status?: string; from?: number; to?: number; limit?: number } = {},
  ): Promise<StoredSignal[]> {
    let query = this.#store.db.selectFrom('signals').selectAll();
    if (options.symbol !== undefined) query = query.where('symbol', '=', options.symbol);
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    if (options.from !== undefined) query = query.where('ts', '>=', options.from);
    if (options.to !== undefined) query = query.where('ts', '<=', options.to);
    const rows = await query
      .orderBy('ts', 'desc')
      .orderBy('created_at', 'desc')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toSignal);
  }

  async updateStatus(id: string, status: string, reason: string | null): Promise<boolean> {
    const result = await this.#store.db
      .updateTable('signals')
      .set({ status, reason })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toSignal(row: SignalTable): StoredSignal {
  return {
    id: row.id,
    symbol: row.symbol,
    strategy: row.strategy,
    ts: num(row.ts),
    action: row.action,
    strength: numOrNull(row.strength),
    price: numOrNull(row.price),
    status: row.status,
    reason: row.reason,
    details: fromJsonText(row.details_json),
    createdAt: num(row.created_at),
  };
}
