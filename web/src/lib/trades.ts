/** Trade-list helpers for the results page: filter, sort and CSV export (pure functions). */

export interface TradeRow {
  readonly symbol: string;
  readonly side: string;
  readonly entryTime: string;
  readonly entryPrice: number;
  readonly exitTime: string;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly pnl: number;
  readonly returnPct: number;
  readonly commission: number;
  readonly slippage: number;
  readonly barsHeld?: number;
  readonly entryReason?: string;
  readonly exitReason?: string;
}

export interface TradeFilter {
  /** Matched case-insensitively against symbol, side and the entry/exit reasons. */
  readonly text?: string;
  readonly outcome?: 'all' | 'winners' | 'losers';
}

export function filterTrades(trades: readonly TradeRow[], filter: TradeFilter): TradeRow[] {
  const needle = (filter.text ?? '').trim().toLowerCase();
  return trades.filter((trade) => {
    if (filter.outcome === 'winners' && !(trade.pnl > 0)) return false;
    if (filter.outcome === 'losers' && !(trade.pnl <= 0)) return false;
    if (needle === '') return true;
    return [trade.symbol, trade.side, trade.entryReason ?? '', trade.exitReason ?? '']
      .join(' ')
      .toLowerCase()
      .includes(needle);
  });
}

export const TRADE_CSV_COLUMNS = [
  'symbol',
  'side',
  'entryTime',
  'entryPrice',
  'exitTime',
  'exitPrice',
  'quantity',
  'pnl',
  'returnPct',
  'commission',
  'slippage',
  'barsHeld',
  'entryReason',
  'exitReason',
] as const;

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tradesToCsv(trades: readonly TradeRow[]): string {
  const lines = [TRADE_CSV_COLUMNS.join(',')];
  for (const trade of trades) {
    lines.push(TRADE_CSV_COLUMNS.map((column) => csvField(trade[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface EquityPoint {
  readonly time: string;
  readonly value: number;
}

/** Drawdown from the running peak, as a fraction (0 at a new high, -0.25 = 25 % below it). */
export function drawdownSeries(equity: readonly EquityPoint[]): EquityPoint[] {
  let peak = -Infinity;
  return equity.map((point) => {
    peak = Math.max(peak, point.value);
    return { time: point.time, value: peak > 0 ? point.value / peak - 1 : 0 };
  });
}
