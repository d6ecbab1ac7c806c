import type { Store } from '../store/database.ts';
import { num } from '../store/ids.ts';
import { fromJsonText } from '../store/json.ts';
import { serverDb } from './server-schema.ts';

export interface BacktestListEntry {
  readonly id: string;
  readonly ownerId: string | null;
  readonly createdAt: number;
  readonly strategy: string;
  readonly symbols: string[];
  readonly start: string;
  readonly end: string;
  readonly params: Record<string, unknown>;
  readonly metrics: Record<string, number | null>;
}

/** Saved runs, newest first, optionally only one owner's (the repository knows no owners). */
export async function listBacktests(
  store: Store,
  options: { ownerId?: string; strategy?: string; limit: number; offset: number },
): Promise<BacktestListEntry[]> {
  let query = serverDb(store)
    .selectFrom('backtest_results')
    .select([
      'id',
      'owner_id',
      'created_at',
      'strategy',
      'symbols_json',
      'start_ts',
      'end_ts',
      'params_json',
      'metrics_json',
    ]);
  if (options.ownerId !== undefined) query = query.where('owner_id', '=', options.ownerId);
  if (options.strategy !== undefined) query = query.where('strategy', '=', options.strategy);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    ownerId: row.owner_id,
    createdAt: num(row.created_at),
    strategy: row.strategy,
    symbols: fromJsonText<string[]>(row.symbols_json),
    start: new Date(num(row.start_ts)).toISOString(),
    end: new Date(num(row.end_ts)).toISOString(),
    params: fromJsonText<Record<string, unknown>>(row.params_json),
    metrics: fromJsonText<Record<string, number | null>>(row.metrics_json),
  }));
}
