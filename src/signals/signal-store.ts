import { newId, num, numOrNull } from '../store/ids.ts';
import { fromJsonText, toJsonText } from '../store/json.ts';
import type { PaperDb, PipelineSignalTable } from './db-schema.ts';
import type { SignalDecision, SignalStage } from './types.ts';

/** A stored pipeline decision, as the CLI and API list it. */
export interface SignalRecord {
  readonly id: string;
  readonly portfolioId: string | null;
  readonly symbol: string;
  readonly strategy: string;
  /** ISO date of the decision bar. */
  readonly time: string;
  readonly action: string;
  readonly price: number | null;
  readonly confidence: number | null;
  readonly status: string;
  /** Where it stopped ('final' when accepted). */
  readonly stage: SignalStage | null;
  readonly reason: string | null;
  readonly details: unknown;
  readonly createdAt: number;
}

export interface SignalFilter {
  readonly portfolioId?: string;
  readonly symbol?: string;
  readonly status?: string;
  readonly stage?: string;
  readonly limit?: number;
}

/**
 * Stores every decision: the confidence in `strength`, the stage and rule that rejected it,
 * the review and the intent in details_json. `db` may be a transaction.
 */
export async function saveDecisions(
  db: PaperDb,
  decisions: readonly SignalDecision[],
  portfolioId: string | null,
  now = Date.now(),
): Promise<string[]> {
  if (decisions.length === 0) return [];
  const rows: PipelineSignalTable[] = decisions.map((d) => ({
    id: newId(),
    portfolio_id: portfolioId,
    symbol: d.signal.symbol,
    strategy: d.signal.strategy,
    ts: d.signal.time,
    action: d.signal.action,
    strength: d.confidence,
    price: d.signal.price,
    status: d.status,
    stage: d.stage,
    reason: d.reason,
    details_json: toJsonText({
      rule: d.rule,
      quantity: d.signal.quantity,
      stopLoss: d.signal.stopLoss,
      baseConfidence: d.signal.confidence,
      signalReason: d.signal.reason,
      review: d.review,
      intent: d.signal.intent,
    }),
    created_at: now,
  }));
  for (let k = 0; k < rows.length; k += 50) {
    await db
      .insertInto('signals')
      .values(rows.slice(k, k + 50))
      .execute();
  }
  return rows.map((r) => r.id);
}

/** Newest decision bar first. */
export async function listSignals(db: PaperDb, filter: SignalFilter = {}): Promise<SignalRecord[]> {
  let query = db.selectFrom('signals').selectAll();
  if (filter.portfolioId !== undefined)
    query = query.where('portfolio_id', '=', filter.portfolioId);
  if (filter.symbol !== undefined) query = query.where('symbol', '=', filter.symbol.toUpperCase());
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.stage !== undefined) query = query.where('stage', '=', filter.stage);
  const rows = await query
    .orderBy('ts', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000))
    .execute();
  return rows.map(toRecord);
}

function toRecord(row: PipelineSignalTable): SignalRecord {
  return {
    id: row.id,
    portfolioId: row.portfolio_id,
    symbol: row.symbol,
    strategy: row.strategy,
    time: new Date(num(row.ts)).toISOString().slice(0, 10),
    action: row.action,
    price: numOrNull(row.price),
    confidence: numOrNull(row.strength),
    status: row.status,
    stage: row.stage as SignalStage | null,
    reason: row.reason,
    details: fromJsonText(row.details_json),
    createdAt: num(row.created_at),
  };
}
