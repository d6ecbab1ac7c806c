import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Order } from '../backtest/orders.ts';
import { newOrder } from '../backtest/new-order.ts';
import { InputError } from '../domain/errors.ts';
import { toIsoDate } from '../domain/time.ts';
import { paperDb } from '../signals/db-schema.ts';
import { num } from '../store/ids.ts';
import { fromJsonText, toJsonText } from '../store/json.ts';
import type { PositionView } from './engine.ts';
import {
  PORTFOLIO_FILE,
  TRADE_LOG_FILE,
  formatPortfolioCsv,
  formatTradeLogCsv,
  parsePortfolioCsv,
  parseTradeLogCsv,
  roundTradeLine,
  type DayLines,
  type TradeLine,
} from './experiment-csv.ts';
import {
  appendTradeLog,
  createPaperPortfolio,
  loadPaperAccount,
  saveState,
  syncHoldings,
  type PaperDeps,
} from './service.ts';
import type { PaperSettingsInput } from './settings.ts';
import type { PaperStateData, PaperSymbolData } from './state-codec.ts';

export interface ExportResult {
  readonly portfolioFile: string;
  readonly tradeLogFile: string;
  readonly days: number;
  readonly trades: number;
}

/** The portfolio's days and trade log, as the experiment's lines. */
export async function experimentLines(
  deps: PaperDeps,
  name: string,
): Promise<{ days: DayLines[]; trades: TradeLine[] }> {
  const db = paperDb(deps.store);
  const account = await loadPaperAccount(db, name);
  const snapshots = await db
    .selectFrom('paper_snapshots')
    .selectAll()
    .where('portfolio_id', '=', account.id)
    .orderBy('ts')
    .execute();
  const log = await db
    .selectFrom('paper_trade_log')
    .selectAll()
    .where('portfolio_id', '=', account.id)
    .orderBy('seq')
    .execute();
  const days: DayLines[] = snapshots.map((s) => ({
    time: num(s.ts),
    cash: num(s.cash),
    equity: num(s.equity),
    holdings: fromJsonText<PositionView[]>(s.positions_json)
      .filter((p) => p.quantity > 0)
      .map((p) => ({
        symbol: p.symbol,
        shares: p.quantity,
        buyPrice: p.avgPrice,
        stop: p.stop,
        price: p.close,
      })),
  }));
  const nullable = (v: unknown): number | null => (v === null ? null : num(v));
  const trades: TradeLine[] = log.map((r) => ({
    time: num(r.ts),
    symbol: r.symbol,
    sharesBought: nullable(r.shares_bought),
    buyPrice: nullable(r.buy_price),
    costBasis: nullable(r.cost_basis),
    pnl: num(r.pnl),
    reason: r.reason,
    sharesSold: nullable(r.shares_sold),
    sellPrice: nullable(r.sell_price),
  }));
  return { days, trades };
}

/** Writes chatgpt_portfolio_update.csv and chatgpt_trade_log.csv into `dir` (atomically). */
export async function exportPaperPortfolio(
  deps: PaperDeps,
  name: string,
  dir: string,
): Promise<ExportResult> {
  const { days, trades } = await experimentLines(deps, name);
  await mkdir(dir, { recursive: true });
  const portfolioFile = join(dir, PORTFOLIO_FILE);
  const tradeLogFile = join(dir, TRADE_LOG_FILE);
  await writeAtomically(portfolioFile, formatPortfolioCsv(days, trades));
  await writeAtomically(tradeLogFile, formatTradeLogCsv(trades));
  return { portfolioFile, tradeLogFile, days: days.length, trades: trades.length };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

export interface ImportInput {
  readonly name: string;
  readonly portfolioFile: string;
  readonly tradeLogFile: string;
  readonly settings?: PaperSettingsInput;
}

async function readText(path: string, field: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(
      field,
      path,
      code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`,
    );
  }
}

/**
 * Creates a paper portfolio from the experiment's two files: its history (daily snapshots,
 * trade log, run markers) and, from the last day, its cash, holdings and stop-losses, so the
 * daily routine carries on from the day after. Initial cash is the first day's total equity.
 */
export async function importPaperPortfolio(
  deps: PaperDeps,
  input: ImportInput,
): Promise<{ name: string; days: number; trades: number; positions: number; cash: number }> {
  const days = parsePortfolioCsv(
    await readText(input.portfolioFile, 'portfolio-file'),
    input.portfolioFile,
  );
  const trades = parseTradeLogCsv(
    await readText(input.tradeLogFile, 'trade-log-file'),
    input.tradeLogFile,
  ).map(roundTradeLine);
  if (days.length === 0)
    throw new InputError('portfolio-file', input.portfolioFile, 'no days in the file');
  const first = days[0];
  const last = days[days.length - 1];
  const account = await createPaperPortfolio(deps, {
    name: input.name,
    cash: first.equity,
    settings: input.settings,
    start: toIsoDate(first.time),
  });
  let nextOrderId = 1;
  const symbols: PaperSymbolData[] = last.holdings.map((h) => {
    const buys = trades.filter((t) => t.symbol === h.symbol && t.sharesBought !== null);
    const entryTime = buys.length > 0 ? buys[buys.length - 1].time : last.time;
    const orders: Order[] = h.stop === null ? [] : [stopOrder(nextOrderId++, h.symbol, h.stop)];
    return {
      symbol: h.symbol,
      firstTime: NaN,
      cursor: -1,
      lastClose: h.price,
      orders,
      book: {
        quantity: h.shares,
        averagePrice: h.buyPrice,
        entryTime,
        entryIndex: -1,
        entryReason: 'imported',
        units: 1,
        realisedPnl: 0,
        entryValue: h.shares * h.buyPrice,
        entryCommission: 0,
        entrySlippage: 0,
        entrySpread: 0,
        borrow: 0,
        pendingExit: null,
      },
      journal: [],
    };
  });
  const state: PaperStateData = {
    version: 1,
    step: 0,
    lastTime: last.time,
    cash: last.cash,
    nextOrderId,
    totals: { commission: 0, slippage: 0, spread: 0, borrowFees: 0, tradedValue: 0 },
    equity: last.equity,
    previousEquity: days.length > 1 ? days[days.length - 2].equity : NaN,
    open: symbols.map((s) => s.symbol),
    symbols,
  };
  const now = deps.now?.() ?? Date.now();
  const db = paperDb(deps.store);
  const lastPositions = toPositions(last);
  await db.transaction().execute(async (trx) => {
    await saveState(trx, account, state, now, { lastTime: true, optimistic: false });
    for (const day of days) {
      await trx
        .insertInto('paper_runs')
        .values({
          portfolio_id: account.id,
          run_date: day.time,
          status: 'imported',
          started_at: now,
          finished_at: now,
          summary_json: toJsonText({ equity: day.equity, imported: true }),
        })
        .execute();
      const positions = toPositions(day);
      const value = positions.reduce((sum, p) => sum + p.value, 0);
      await trx
        .insertInto('paper_snapshots')
        .values({
          portfolio_id: account.id,
          ts: day.time,
          equity: day.equity,
          cash: day.cash,
          market_value: value,
          exposure: day.equity > 0 ? value / day.equity : 0,
          positions_json: toJsonText(positions),
        })
        .execute();
    }
    await appendTradeLog(trx, account.id, trades);
    await syncHoldings(trx, account.id, lastPositions, last.cash, now);
  });
  return {
    name: account.name,
    days: days.length,
    trades: trades.length,
    positions: symbols.length,
    cash: last.cash,
  };
}

function toPositions(day: DayLines): PositionView[] {
  return day.holdings.map((h) => ({
    symbol: h.symbol,
    quantity: h.shares,
    avgPrice: h.buyPrice,
    close: h.price,
    stop: h.stop,
    value: h.shares * h.price,
    unrealisedPnl: h.shares * (h.price - h.buyPrice),
    entryTime: day.time,
  }));
}

/** A protective stop as the broker places one after an entry fill (see setProtective). */
function stopOrder(id: number, symbol: string, stop: number): Order {
  return newOrder(
    {
      id,
      symbol,
      role: 'stop-loss',
      side: 'sell',
      type: 'stop',
      timeInForce: 'gtc',
      activeFrom: 0,
      reason: 'stop-loss (imported)',
    },
    { stopPrice: stop },
  );
}
