import { InputError } from '../domain/errors.ts';
import { parseIsoDate, toIsoDate } from '../domain/time.ts';
import type { TradeLogRow } from './trade-log.ts';

/**
 * The ChatGPT micro-cap experiment's two CSV files, column for column:
 * - portfolio update: one row per holding per day (Action BUY when bought that day, else
 *   HOLD), one row per sale (Action "SELL - reason"), and a TOTAL row with the cash balance
 *   and total equity;
 * - trade log: one row per buy (Shares Bought, Buy Price) and per sale (Shares Sold, Sell
 *   Price, realised PnL).
 * As in the experiment, Cost Basis = Shares x Buy Price, Total Value = Shares x Current Price
 * and PnL = Total Value - Cost Basis (for a holding). Prices carry 4 decimals and amounts 2,
 * computed from the rounded prices, so an exported file imports and re-exports byte for byte.
 */
export const PORTFOLIO_HEADER = [
  'Date',
  'Ticker',
  'Shares',
  'Buy Price',
  'Cost Basis',
  'Stop Loss',
  'Current Price',
  'Total Value',
  'PnL',
  'Action',
  'Cash Balance',
  'Total Equity',
] as const;

export const TRADE_LOG_HEADER = [
  'Date',
  'Ticker',
  'Shares Bought',
  'Buy Price',
  'Cost Basis',
  'PnL',
  'Reason',
  'Shares Sold',
  'Sell Price',
] as const;

export const PORTFOLIO_FILE = 'chatgpt_portfolio_update.csv';
export const TRADE_LOG_FILE = 'chatgpt_trade_log.csv';

export interface HoldingLine {
  readonly symbol: string;
  readonly shares: number;
  readonly buyPrice: number;
  readonly stop: number | null;
  readonly price: number;
}

export interface DayLines {
  /** Epoch ms (UTC midnight). */
  readonly time: number;
  readonly holdings: readonly HoldingLine[];
  readonly cash: number;
  readonly equity: number;
}

/** A trade-log file row is the engine's trade-log row. */
export type TradeLine = TradeLogRow;

export const price4 = (value: number): number => Number(value.toFixed(4));
export const money2 = (value: number): number => Number(value.toFixed(2));

function cell(value: number | string | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(cells: readonly (number | string | null)[]): string {
  return cells.map(cell).join(',');
}

/** The portfolio-update file: days in order; trades give each day's BUY/SELL actions. */
export function formatPortfolioCsv(
  days: readonly DayLines[],
  trades: readonly TradeLine[],
): string {
  const lines = [line(PORTFOLIO_HEADER)];
  for (const day of days) {
    const date = toIsoDate(day.time);
    const today = trades.filter((t) => t.time === day.time);
    const bought = new Set(today.filter((t) => t.sharesBought !== null).map((t) => t.symbol));
    let totalValue = 0;
    let totalPnl = 0;
    const holdings = [...day.holdings].sort((a, b) => a.symbol.localeCompare(b.symbol));
    for (const h of holdings) {
      const buy = price4(h.buyPrice);
      const current = price4(h.price);
      const basis = money2(h.shares * buy);
      const value = money2(h.shares * current);
      const pnl = money2(value - basis);
      totalValue += value;
      totalPnl += pnl;
      lines.push(
        line([
          date,
          h.symbol,
          h.shares,
          buy,
          basis,
          h.stop === null ? null : price4(h.stop),
          current,
          value,
          pnl,
          bought.has(h.symbol) ? 'BUY' : 'HOLD',
          null,
          null,
        ]),
      );
    }
    for (const t of today) {
      if (t.sharesSold === null || t.sellPrice === null) continue;
      lines.push(
        line([
          date,
          t.symbol,
          t.sharesSold,
          t.buyPrice,
          t.costBasis,
          null,
          t.sellPrice,
          money2(t.sharesSold * t.sellPrice),
          t.pnl,
          `SELL - ${t.reason}`,
          null,
          null,
        ]),
      );
    }
    lines.push(
      line([
        date,
        'TOTAL',
        null,
        null,
        null,
        null,
        null,
        money2(totalValue),
        money2(totalPnl),
        null,
        money2(day.cash),
        money2(day.equity),
      ]),
    );
  }
  return lines.join('\n') + '\n';
}

/** Trade-log rows as the file stores them (rounded), so a re-import compares equal. */
export function roundTradeLine(t: TradeLine): TradeLine {
  return {
    ...t,
    buyPrice: t.buyPrice === null ? null : price4(t.buyPrice),
    costBasis: t.costBasis === null ? null : money2(t.costBasis),
    pnl: money2(t.pnl),
    sellPrice: t.sellPrice === null ? null : price4(t.sellPrice),
  };
}

export function formatTradeLogCsv(trades: readonly TradeLine[]): string {
  const lines = [line(TRADE_LOG_HEADER)];
  for (const raw of trades) {
    const t = roundTradeLine(raw);
    lines.push(
      line([
        toIsoDate(t.time),
        t.symbol,
        t.sharesBought,
        t.buyPrice,
        t.costBasis,
        t.pnl,
        t.reason,
        t.sharesSold,
        t.sellPrice,
      ]),
    );
  }
  return lines.join('\n') + '\n';
}

/** RFC 4180 fields: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

type Columns<H extends readonly string[]> = Record<H[number], number>;

function columnsOf<H extends readonly string[]>(
  header: readonly string[],
  expected: H,
  file: string,
): Columns<H> {
  const index = {} as Columns<H>;
  const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  for (const name of expected) {
    const k = names.indexOf(name);
    if (k < 0) throw new InputError(file, names.join(','), `missing column "${name}"`);
    index[name as H[number]] = k;
  }
  return index;
}

function numberAt(value: string | undefined, field: string, line: number): number | null {
  const text = (value ?? '').trim().replace(/^\$/, '');
  if (text === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n))
    throw new InputError(`${field} (line ${line})`, value, 'expected a number');
  return n;
}

function requireNumber(value: string | undefined, field: string, line: number): number {
  const n = numberAt(value, field, line);
  if (n === null) throw new InputError(`${field} (line ${line})`, value, 'must not be empty');
  return n;
}

/** Reads a portfolio-update file into days (SELL rows are left to the trade log). */
export function parsePortfolioCsv(text: string, file = 'portfolio'): DayLines[] {
  const rows = parseCsvRows(text);
  if (rows.length === 0) throw new InputError(file, '', 'the file is empty');
  const col = columnsOf(rows[0], PORTFOLIO_HEADER, file);
  const days = new Map<number, { holdings: HoldingLine[]; cash: number; equity: number }>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const lineNo = r + 1;
    const time = parseIsoDate((row[col.Date] ?? '').trim(), `Date (line ${lineNo})`);
    const day = days.get(time) ?? { holdings: [], cash: NaN, equity: NaN };
    days.set(time, day);
    const ticker = (row[col.Ticker] ?? '').trim().toUpperCase();
    if (ticker === '') throw new InputError(`Ticker (line ${lineNo})`, '', 'must not be empty');
    if (ticker === 'TOTAL') {
      day.cash = requireNumber(row[col['Cash Balance']], 'Cash Balance', lineNo);
      day.equity = requireNumber(row[col['Total Equity']], 'Total Equity', lineNo);
      continue;
    }
    const action = (row[col.Action] ?? '').trim().toUpperCase();
    if (action.startsWith('SELL')) continue;
    const shares = requireNumber(row[col.Shares], 'Shares', lineNo);
    if (!(Number.isInteger(shares) && shares > 0)) {
      throw new InputError(`Shares (line ${lineNo})`, row[col.Shares], 'expected whole shares > 0');
    }
    day.holdings.push({
      symbol: ticker,
      shares,
      buyPrice: requireNumber(row[col['Buy Price']], 'Buy Price', lineNo),
      stop: numberAt(row[col['Stop Loss']], 'Stop Loss', lineNo),
      price: requireNumber(row[col['Current Price']], 'Current Price', lineNo),
    });
  }
  const out: DayLines[] = [];
  for (const [time, day] of [...days.entries()].sort((a, b) => a[0] - b[0])) {
    if (day.cash !== day.cash) {
      throw new InputError(file, toIsoDate(time), 'this date has no TOTAL row (cash, equity)');
    }
    out.push({ time, ...day });
  }
  return out;
}

export function parseTradeLogCsv(text: string, file = 'trade log'): TradeLine[] {
  const rows = parseCsvRows(text);
  if (rows.length === 0) throw new InputError(file, '', 'the file is empty');
  const col = columnsOf(rows[0], TRADE_LOG_HEADER, file);
  const out: TradeLine[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const lineNo = r + 1;
    const sharesBought = numberAt(row[col['Shares Bought']], 'Shares Bought', lineNo);
    const sharesSold = numberAt(row[col['Shares Sold']], 'Shares Sold', lineNo);
    if ((sharesBought === null) === (sharesSold === null)) {
      throw new InputError(
        `line ${lineNo}`,
        row.join(','),
        'a trade-log row has either Shares Bought or Shares Sold',
      );
    }
    out.push({
      time: parseIsoDate((row[col.Date] ?? '').trim(), `Date (line ${lineNo})`),
      symbol: (row[col.Ticker] ?? '').trim().toUpperCase(),
      sharesBought,
      buyPrice: numberAt(row[col['Buy Price']], 'Buy Price', lineNo),
      costBasis: numberAt(row[col['Cost Basis']], 'Cost Basis', lineNo),
      pnl: numberAt(row[col.PnL], 'PnL', lineNo) ?? 0,
      reason: (row[col.Reason] ?? '').trim(),
      sharesSold,
      sellPrice: numberAt(row[col['Sell Price']], 'Sell Price', lineNo),
    });
  }
  return out;
}
