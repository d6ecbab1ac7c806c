import { LRUCache } from 'lru-cache';
import type { Store } from '../store/database.ts';
import { num } from '../store/ids.ts';
import {
  SUMMARY_COLUMNS,
  summaryFromRow,
  type BacktestResultSummary,
  type BacktestSummaryFields,
} from '../store/repositories/backtest-result-repository.ts';
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

/** A saved run in a list: its summary with SUMMARY_METRICS only, and its owner. */
export interface BacktestListEntry extends BacktestResultSummary {
  readonly ownerId: string | null;
}

/**
 * Parsed list columns by result id. Saved results never change (only their AI commentary,
 * which lists do not show), so a parsed row stays valid until the row is deleted, and deleted
 * ids no longer come back from the id query.
 */
const summaries = new WeakMap<Store, LRUCache<string, BacktestSummaryFields>>();

function summaryCache(store: Store): LRUCache<string, BacktestSummaryFields> {
  let cache = summaries.get(store);
  if (!cache) {
    cache = new LRUCache<string, BacktestSummaryFields>({ max: 5_000 });
    summaries.set(store, cache);
  }
  return cache;
}

/** Saved runs, newest first, optionally only one owner's (the repository knows no owners). */
export async function listBacktests(
  store: Store,
  options: { ownerId?: string; strategy?: string; limit: number; offset: number },
): Promise<BacktestListEntry[]> {
  const db = serverDb(store);
  let query = db.selectFrom('backtest_results').select(['id', 'owner_id', 'created_at']);
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
  const cache = summaryCache(store);
  const missing = rows.filter((row) => !cache.has(row.id)).map((row) => row.id);
  if (missing.length > 0) {
    const loaded = await selectRows(
      store,
      db
        .selectFrom('backtest_results')
        .select(['id', ...SUMMARY_COLUMNS])
        .where('id', 'in', missing)
        .compile(),
    );
    for (const row of loaded) {
      const summary = summaryFromRow(row);
      cache.set(row.id, { ...summary, metrics: summaryMetrics(summary.metrics) });
    }
  }
  const out: BacktestListEntry[] = [];
  for (const row of rows) {
    const summary = cache.get(row.id);
    // Deleted between the two queries: leave it out.
    if (summary)
      out.push({ id: row.id, ownerId: row.owner_id, createdAt: num(row.created_at), ...summary });
  }
  return out;
}
