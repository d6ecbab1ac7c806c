import type { BacktestResultJson } from '../../backtest/result.ts';
import { InputError } from '../../domain/errors.ts';
import type { Store } from '../database.ts';
import type { BacktestResultTable } from '../schema.ts';
import { newId, num } from '../ids.ts';
import { fromJsonText, fromNullableJsonText, toJsonText } from '../json.ts';

export interface StoredBacktestResult {
  readonly id: string;
  readonly createdAt: number;
  readonly result: BacktestResultJson;
  /** LLM or local-analyst commentary on the run, when one was attached. */
  readonly aiInsights: unknown;
}

export interface BacktestResultSummary {
  readonly id: string;
  readonly createdAt: number;
  readonly strategy: string;
  readonly symbols: string[];
  readonly start: string;
  readonly end: string;
  readonly params: Record<string, unknown>;
  readonly metrics: Record<string, number | null>;
}

/** The columns a summary is decoded from, besides id and created_at. */
export const SUMMARY_COLUMNS = [
  'strategy',
  'symbols_json',
  'start_ts',
  'end_ts',
  'params_json',
  'metrics_json',
] as const;

export type BacktestSummaryFields = Omit<BacktestResultSummary, 'id' | 'createdAt'>;

/** Decodes a backtest_results row's summary columns (every metric). */
export function summaryFromRow(
  row: Pick<BacktestResultTable, (typeof SUMMARY_COLUMNS)[number]>,
): BacktestSummaryFields {
  return {
    strategy: row.strategy,
    symbols: fromJsonText<string[]>(row.symbols_json),
    start: new Date(num(row.start_ts)).toISOString(),
    end: new Date(num(row.end_ts)).toISOString(),
    params: fromJsonText<Record<string, unknown>>(row.params_json),
    metrics: fromJsonText<Record<string, number | null>>(row.metrics_json),
  };
}

export interface ListBacktestOptions {
  readonly strategy?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Saved backtest runs: the whole `backtest --json` document, with strategy, period, params and
 * metrics also in their own columns for listing, and each trade in the trades table.
 */
export class BacktestResultRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async save(
    result: BacktestResultJson,
    options: { aiInsights?: unknown; now?: number } = {},
  ): Promise<string> {
    const id = newId();
    const startTs = Date.parse(result.start);
    const endTs = Date.parse(result.end);
    if (!Number.isFinite(startTs)) throw new InputError('start', result.start, 'not an ISO time');
    if (!Number.isFinite(endTs)) throw new InputError('end', result.end, 'not an ISO time');
    await this.#store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('backtest_results')
        .values({
          id,
          strategy: result.strategy,
          symbols_json: toJsonText(result.symbols),
          start_ts: startTs,
          end_ts: endTs,
          params_json: toJsonText(result.params),
          metrics_json: toJsonText(result.metrics),
          ai_insights_json:
            options.aiInsights === undefined ? null : toJsonText(options.aiInsights),
          result_json: toJsonText(result),
          created_at: options.now ?? Date.now(),
        })
        .execute();
      const trades = result.trades.map((trade) => ({
        id: newId(),
        backtest_id: id,
        portfolio_id: null,
        symbol: trade.symbol,
        side: trade.side,
        entry_ts: Date.parse(trade.entryTime),
        entry_price: trade.entryPrice,
        exit_ts: Date.parse(trade.exitTime),
        exit_price: trade.exitPrice,
        quantity: trade.quantity,
        pnl: trade.pnl,
        return_pct: trade.returnPct,
        commission: trade.commission,
        slippage: trade.slippage,
        details_json: toJsonText(trade),
      }));
      for (let i = 0; i < trades.length; i += 1_000) {
        await trx
          .insertInto('trades')
          .values(trades.slice(i, i + 1_000))
          .execute();
      }
    });
    return id;
  }

  async get(id: string): Promise<StoredBacktestResult | null> {
    const row = await this.#store.db
      .selectFrom('backtest_results')
      .select(['id', 'created_at', 'result_json', 'ai_insights_json'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      createdAt: num(row.created_at),
      result: fromJsonText<BacktestResultJson>(row.result_json),
      aiInsights: fromNullableJsonText(row.ai_insights_json),
    };
  }

  /** Newest first. */
  async list(options: ListBacktestOptions = {}): Promise<BacktestResultSummary[]> {
    let query = this.#store.db
      .selectFrom('backtest_results')
      .select(['id', 'created_at', ...SUMMARY_COLUMNS]);
    if (options.strategy !== undefined) query = query.where('strategy', '=', options.strategy);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit ?? 100)
      .offset(options.offset ?? 0)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      createdAt: num(row.created_at),
      ...summaryFromRow(row),
    }));
  }

  /** Trades of a saved run in entry order, as the result JSON had them. */
  async listTrades(id: string): Promise<BacktestResultJson['trades']> {
    const rows = await this.#store.db
      .selectFrom('trades')
      .select(['details_json'])
      .where('backtest_id', '=', id)
      .orderBy('entry_ts')
      .orderBy('id')
      .execute();
    return rows.map((row) => fromJsonText(row.details_json));
  }

  async setAiInsights(id: string, insights: unknown): Promise<boolean> {
    const result = await this.#store.db
      .updateTable('backtest_results')
      .set({ ai_insights_json: toJsonText(insights) })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the run and (by cascade) its trades. */
  async delete(id: string): Promise<boolean> {
    const result = await this.#store.db
      .deleteFrom('backtest_results')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
