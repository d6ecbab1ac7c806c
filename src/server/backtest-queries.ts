import type { Store } from '../store/database.ts';
import { num } from '../store/ids.ts';
import { fromJsonText } from '../store/json.ts';
import { selectRows } from './fast-query.ts';
import { serverDb } from './server-schema.ts';

/** The headline metrics a list shows; the full table is in GET /api/backtests/{id}. */
export const SUMMARY_METRICS = [
  'totalReturn',
  'cagr',
  'sharpeRatio',
  'sortinoRatio',
  'maxDrawdown',
  'volatility',
  'winRate',
  'profitFactor',
  'trades',
  'exposure',
] as const;

function summaryMetrics(all: Record<string, number | null>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const key of SUMMARY_METRICS) if (key in all) out[key] = all[key];
  return out;
}

export interface BacktestListEntry {
  readonly id: string;
  readonly ownerId: string | null;
  readonly createdAt: number;
  readonly strategy: string;
  readonly symbols: string[];
  readonly start: string;
  readonly end: string;
  readonly params: Record<string, unknown>;
  /** SUMMARY_METRICS only. */
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
  const rows = await selectRows(
    store,
    query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit)
      .offset(options.offset)
      .compile(),
  );
  return rows.map((row) => ({
    id: row.id,
    ownerId: row.owner_id,
    createdAt: num(row.created_at),
    strategy: row.strategy,
    symbols: fromJsonText<string[]>(row.symbols_json),
    start: new Date(num(row.start_ts)).toISOString(),
    end: new Date(num(row.end_ts)).toISOString(),
    params: fromJsonText<Record<string, unknown>>(row.params_json),
    metrics: summaryMetrics(fromJsonText<Record<string, number | null>>(row.metrics_json)),
  }));
}
