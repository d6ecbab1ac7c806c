import { computeMetrics, type Metrics } from '../analytics/index.ts';
import { closesOnCalendar } from '../app/align.ts';
import type { Trade } from '../domain/trading.ts';
import { paperDb } from '../signals/db-schema.ts';
import { num } from '../store/ids.ts';
import { fromJsonText } from '../store/json.ts';
import type { PaperAccount, PaperDeps } from './service.ts';

export interface PaperPerformance {
  readonly days: number;
  readonly benchmark: string | null;
  /** null until there are two days to measure. */
  readonly metrics: Metrics | null;
  readonly equity: readonly { readonly time: string; readonly value: number }[];
}

/**
 * The backtest's analytics over the paper portfolio's daily snapshots and closed trades,
 * against its benchmark (closes from the same bar source; days without one are left out).
 */
export async function paperPerformance(
  deps: PaperDeps,
  account: PaperAccount,
): Promise<PaperPerformance> {
  const db = paperDb(deps.store);
  const snapshots = await db
    .selectFrom('paper_snapshots')
    .select(['ts', 'equity', 'exposure'])
    .where('portfolio_id', '=', account.id)
    .orderBy('ts')
    .execute();
  const rows = await db
    .selectFrom('trades')
    .selectAll()
    .where('portfolio_id', '=', account.id)
    .orderBy('exit_ts')
    .execute();
  const times = Float64Array.from(snapshots.map((s) => num(s.ts)));
  const equity = Float64Array.from(snapshots.map((s) => num(s.equity)));
  const exposure = Float64Array.from(snapshots.map((s) => num(s.exposure)));
  const trades: Trade[] = rows.map((r) => {
    const details = fromJsonText<{
      spread?: number;
      barsHeld?: number;
      entryReason?: string;
      exitReason?: string;
    }>(r.details_json);
    return {
      symbol: r.symbol,
      side: r.side === 'short' ? 'short' : 'long',
      entryTime: num(r.entry_ts),
      entryPrice: num(r.entry_price),
      exitTime: num(r.exit_ts),
      exitPrice: num(r.exit_price),
      quantity: num(r.quantity),
      pnl: num(r.pnl),
      returnPct: num(r.return_pct),
      commission: num(r.commission),
      slippage: num(r.slippage),
      spread: details.spread ?? 0,
      barsHeld: details.barsHeld ?? 0,
      entryReason: details.entryReason ?? '',
      exitReason: details.exitReason ?? '',
    };
  });
  const symbol = account.settings.benchmark;
  let benchmark: Float64Array | undefined;
  if (symbol && times.length > 0) {
    const series = await deps.bars.load(symbol, times[times.length - 1]);
    if (series) benchmark = closesOnCalendar(series, times);
  }
  const curve = snapshots.map((s) => ({
    time: new Date(num(s.ts)).toISOString().slice(0, 10),
    value: num(s.equity),
  }));
  if (times.length < 2) {
    return {
      days: times.length,
      benchmark: benchmark ? symbol : null,
      metrics: null,
      equity: curve,
    };
  }
  const metrics = computeMetrics({
    times,
    equity,
    trades,
    initialCapital: account.initialCash,
    exposure,
    benchmark,
  });
  return { days: times.length, benchmark: benchmark ? symbol : null, metrics, equity: curve };
}
