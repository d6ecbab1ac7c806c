import type { EventBus } from '../infra/event-bus.ts';
import { InputError } from '../domain/errors.ts';
import { parseIsoDate, toIsoDate, toIsoTime } from '../domain/time.ts';
import type { Trade } from '../domain/trading.ts';
import type { BarSeries } from '../domain/bars.ts';
import { paperDb, type PaperDb } from '../signals/db-schema.ts';
import { signalGeneratedEvent } from '../signals/events.ts';
import type { SignalReviewer } from '../signals/review.ts';
import { saveDecisions } from '../signals/signal-store.ts';
import type { SignalDecision } from '../signals/types.ts';
import type { Store } from '../store/database.ts';
import { newId, num } from '../store/ids.ts';
import { fromJsonText, toJsonText } from '../store/json.ts';
import { createStrategy } from '../strategies/registry.ts';
import type { BarSource } from './bar-source.ts';
import { PaperEngine, type ManualOrder, type PaperDay, type PositionView } from './engine.ts';
import type { FaultHook } from './fault.ts';
import { parsePaperSettings, type PaperSettings, type PaperSettingsInput } from './settings.ts';
import { decodeState, encodeState, initialState, type PaperStateData } from './state-codec.ts';
import type { TradeLogRow } from './trade-log.ts';

/** What the paper services need; everything but the store is optional. */
export interface PaperDeps {
  readonly store: Store;
  readonly bars: BarSource;
  /** The AI stage of the signal pipeline (used when the portfolio's pipeline.aiReview is on). */
  readonly reviewer?: SignalReviewer | null;
  /** The LLM daily portfolio review (used when the portfolio's dailyReview is on). */
  readonly dailyReviewer?: DailyReviewer | null;
  /** SignalGenerated and TradeExecuted are published here after the run commits. */
  readonly events?: Pick<EventBus, 'publish'> | null;
  readonly now?: () => number;
  readonly fault?: FaultHook;
}

/** The AI layer's daily review of the portfolio, in the experiment's spirit. */
export interface DailyReviewer {
  readonly name: string;
  review(input: {
    readonly date: string;
    readonly equity: number;
    readonly cash: number;
    readonly positions: readonly PositionView[];
    readonly trades: readonly TradeLogRow[];
  }): Promise<{ readonly summary: string }>;
}

export interface PaperAccount {
  readonly id: string;
  readonly name: string;
  readonly initialCash: number;
  readonly createdAt: number;
  readonly settings: PaperSettings;
  readonly state: PaperStateData;
  readonly version: number;
}

export interface CreatePaperInput {
  readonly name: string;
  readonly cash: number;
  readonly settings?: PaperSettingsInput;
  /** First trading date (YYYY-MM-DD): bars from it on are traded. Default: today. */
  readonly start?: string;
  readonly userId?: string | null;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;

export async function createPaperPortfolio(
  deps: PaperDeps,
  input: CreatePaperInput,
): Promise<PaperAccount> {
  const name = input.name.trim();
  if (!NAME_PATTERN.test(name)) {
    throw new InputError('name', input.name, 'use 1-100 letters, digits, spaces, . _ or -');
  }
  if (!(input.cash > 0 && Number.isFinite(input.cash))) {
    throw new InputError('cash', input.cash, 'must be a positive amount');
  }
  const settings = parsePaperSettings(input.settings ?? {});
  if (settings.strategy !== null) createStrategy(settings.strategy, settings.params);
  const now = deps.now?.() ?? Date.now();
  const start = input.start === undefined ? utcMidnight(now) : parseIsoDate(input.start, 'start');
  const db = paperDb(deps.store);
  if (await findPortfolioRow(db, name)) {
    throw new InputError('name', name, 'a paper portfolio with this name exists');
  }
  const id = newId();
  const state = initialState(input.cash, start);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('portfolios')
      .values({
        id,
        user_id: input.userId ?? null,
        name,
        currency: 'USD',
        initial_cash: input.cash,
        cash: input.cash,
        settings_json: toJsonText({ paper: settings, start: toIsoDate(start) }),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('paper_state')
      .values({
        portfolio_id: id,
        version: 1,
        last_ts: state.lastTime,
        state_json: encodeState(state),
        updated_at: now,
      })
      .execute();
  });
  return { id, name, initialCash: input.cash, createdAt: now, settings, state, version: 1 };
}

async function findPortfolioRow(db: PaperDb, name: string) {
  return db.selectFrom('portfolios').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The portfolio, its settings and its saved broker state; InputError when unknown. */
export async function loadPaperAccount(db: PaperDb, name: string): Promise<PaperAccount> {
  const row = await findPortfolioRow(db, name);
  const stateRow = row
    ? await db
        .selectFrom('paper_state')
        .selectAll()
        .where('portfolio_id', '=', row.id)
        .executeTakeFirst()
    : undefined;
  if (!row || !stateRow) throw new InputError('portfolio', name, 'no such paper portfolio');
  const stored = fromJsonText<{ paper?: unknown }>(row.settings_json);
  return {
    id: row.id,
    name: row.name,
    initialCash: num(row.initial_cash),
    createdAt: num(row.created_at),
    settings: parsePaperSettings(stored.paper ?? {}),
    state: decodeState(stateRow.state_json),
    version: num(stateRow.version),
  };
}

export async function listPaperAccounts(deps: PaperDeps): Promise<PaperAccount[]> {
  const db = paperDb(deps.store);
  const rows = await db
    .selectFrom('portfolios')
    .innerJoin('paper_state', 'paper_state.portfolio_id', 'portfolios.id')
    .select('portfolios.name')
    .orderBy('portfolios.name')
    .execute();
  const accounts: PaperAccount[] = [];
  for (const row of rows) accounts.push(await loadPaperAccount(db, row.name));
  return accounts;
}

/** Builds the engine with every symbol's bars up to `asOf`. */
export async function openEngine(
  deps: PaperDeps,
  account: PaperAccount,
  asOf: number,
  extraSymbols: readonly string[] = [],
): Promise<PaperEngine> {
  const symbols = new Set([
    ...account.state.symbols.map((s) => s.symbol),
    ...account.settings.symbols,
    ...extraSymbols,
  ]);
  const bars = new Map<string, BarSeries>();
  for (const symbol of symbols) {
    const series = await deps.bars.load(symbol, asOf);
    if (series) bars.set(symbol, series);
  }
  return new PaperEngine({
    settings: account.settings,
    initialCash: account.initialCash,
    state: account.state,
    bars,
    reviewer: deps.reviewer ?? null,
    extraSymbols,
  });
}

/** Raised inside a commit when another process advanced the portfolio first. */
class ConcurrentRunError extends Error {}

export interface PaperRunResult {
  readonly portfolio: string;
  readonly date: string;
  /** completed: new days processed; already-done: the date was run before; no-new-bars. */
  readonly status: 'completed' | 'already-done' | 'no-new-bars';
  readonly days: readonly {
    readonly date: string;
    readonly equity: number;
    readonly cash: number;
    readonly fills: number;
    readonly accepted: number;
    readonly rejected: number;
  }[];
  readonly tradeLog: readonly TradeLogJson[];
  readonly signals: readonly DecisionJson[];
  readonly equity: number | null;
  readonly cash: number;
  readonly positions: readonly PositionView[];
  readonly review: string | null;
}

/** A trade-log row as the API shows it: the date (YYYY-MM-DD) in place of the epoch time. */
export type TradeLogJson = { readonly date: string } & Omit<TradeLogRow, 'time'>;

export interface DecisionJson {
  readonly date: string;
  readonly symbol: string;
  readonly strategy: string;
  readonly action: string;
  readonly status: string;
  readonly stage: string;
  readonly rule: string | null;
  readonly reason: string;
  readonly confidence: number;
}

/**
 * The daily routine: new bars up to `date` (default: today in New York) are processed one day
 * at a time (fills, stops, mark-to-market, strategy signals through the pipeline, execution),
 * the optional AI daily review runs, and everything is committed in ONE transaction together
 * with a run marker per processed day. A run killed before the commit leaves no trace; a day
 * that committed is never processed again (the marker's primary key and the state's version
 * both guard it), so re-running a date executes nothing twice.
 */
export async function runPaperDay(
  deps: PaperDeps,
  name: string,
  date?: string,
): Promise<PaperRunResult> {
  const db = paperDb(deps.store);
  const now = deps.now?.() ?? Date.now();
  const asOf = date === undefined ? newYorkDate(now) : parseIsoDate(date, 'date');
  const account = await loadPaperAccount(db, name);
  // Never load fewer bars than the state already went through (a re-run of an earlier date).
  const engine = await openEngine(deps, account, Math.max(asOf, account.state.lastTime));
  const days = await engine.advanceTo(asOf);
  const base = {
    portfolio: account.name,
    date: toIsoDate(asOf),
    cash: engine.run.cash,
    positions: engine.positions(),
  };
  if (days.length === 0) {
    const marker = await db
      .selectFrom('paper_runs')
      .select('run_date')
      .where('portfolio_id', '=', account.id)
      .where('run_date', '=', asOf)
      .executeTakeFirst();
    return {
      ...base,
      status: marker || account.state.lastTime >= asOf ? 'already-done' : 'no-new-bars',
      days: [],
      tradeLog: [],
      signals: [],
      equity: account.state.equity === account.state.equity ? account.state.equity : null,
      review: null,
    };
  }
  const last = days[days.length - 1];
  const tradeLog = days.flatMap((d) => d.tradeLog);
  let review: string | null = null;
  if (account.settings.dailyReview && deps.dailyReviewer) {
    const answer = await deps.dailyReviewer.review({
      date: toIsoDate(last.time),
      equity: last.equity,
      cash: last.cash,
      positions: last.positions,
      trades: tradeLog,
    });
    review = answer.summary;
  }
  const state = engine.toState();
  try {
    await commitRun(db, account, state, days, review, now, deps.fault);
  } catch (error) {
    if (!(error instanceof ConcurrentRunError)) throw error;
    return { ...(await runPaperDay(deps, name, date)), status: 'already-done' };
  }
  await publishEvents(deps, account.id, days);
  return {
    ...base,
    status: 'completed',
    days: days.map((d) => ({
      date: toIsoDate(d.time),
      equity: d.equity,
      cash: d.cash,
      fills: d.fills.length,
      accepted: d.decisions.filter((x) => x.status === 'accepted').length,
      rejected: d.decisions.filter((x) => x.status === 'rejected').length,
    })),
    tradeLog: tradeLog.map(tradeLogJson),
    signals: days.flatMap((d) => d.decisions.map(decisionJson)),
    equity: last.equity,
    review,
  };
}

async function commitRun(
  db: PaperDb,
  account: PaperAccount,
  state: PaperStateData,
  days: readonly PaperDay[],
  review: string | null,
  now: number,
  fault: FaultHook | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const saved = await saveState(trx, account, state, now, { lastTime: true, optimistic: true });
    if (!saved) throw new ConcurrentRunError();
    fault?.('paper-run:after-state');
    const existing = await trx
      .selectFrom('paper_runs')
      .select('run_date')
      .where('portfolio_id', '=', account.id)
      .where(
        'run_date',
        'in',
        days.map((d) => d.time),
      )
      .execute();
    if (existing.length > 0) throw new ConcurrentRunError();
    for (const [k, d] of days.entries()) {
      await trx
        .insertInto('paper_runs')
        .values({
          portfolio_id: account.id,
          run_date: d.time,
          status: 'completed',
          started_at: now,
          finished_at: now,
          summary_json: toJsonText({
            equity: d.equity,
            fills: d.fills.length,
            signals: d.decisions.length,
            review: k === days.length - 1 ? review : null,
          }),
        })
        .execute();
      await trx
        .insertInto('paper_snapshots')
        .values({
          portfolio_id: account.id,
          ts: d.time,
          equity: d.equity,
          cash: d.cash,
          market_value: d.marketValue,
          exposure: d.exposure,
          positions_json: toJsonText(d.positions),
        })
        .execute();
    }
    await appendTradeLog(
      trx,
      account.id,
      days.flatMap((d) => d.tradeLog),
    );
    fault?.('paper-run:after-trade-log');
    for (const d of days) await saveDecisions(trx, d.decisions, account.id, now);
    const trades = days.flatMap((d) => d.trades);
    for (const trade of trades)
      await trx.insertInto('trades').values(tradeRow(account.id, trade)).execute();
    await syncHoldings(trx, account.id, days[days.length - 1].positions, state.cash, now);
    fault?.('paper-run:before-commit');
  });
}

/**
 * Stores `state` as the account's next version (and its last processed day, with `lastTime`).
 * `optimistic`: only over the version the account was loaded at; false when another writer
 * came first.
 */
export async function saveState(
  db: PaperDb,
  account: PaperAccount,
  state: PaperStateData,
  now: number,
  options: { readonly lastTime: boolean; readonly optimistic: boolean },
): Promise<boolean> {
  let update = db
    .updateTable('paper_state')
    .set({
      version: account.version + 1,
      ...(options.lastTime ? { last_ts: state.lastTime } : {}),
      state_json: encodeState(state),
      updated_at: now,
    })
    .where('portfolio_id', '=', account.id);
  if (options.optimistic) update = update.where('version', '=', account.version);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Appends trade-log rows after the portfolio's last sequence number. */
export async function appendTradeLog(
  db: PaperDb,
  portfolioId: string,
  rows: readonly TradeLogRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const top = await db
    .selectFrom('paper_trade_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('portfolio_id', '=', portfolioId)
    .executeTakeFirst();
  let seq = top?.seq === null || top?.seq === undefined ? 0 : num(top.seq);
  for (const row of rows) {
    seq++;
    await db
      .insertInto('paper_trade_log')
      .values({
        portfolio_id: portfolioId,
        seq,
        ts: row.time,
        symbol: row.symbol,
        shares_bought: row.sharesBought,
        buy_price: row.buyPrice,
        cost_basis: row.costBasis,
        pnl: row.pnl,
        reason: row.reason,
        shares_sold: row.sharesSold,
        sell_price: row.sellPrice,
      })
      .execute();
  }
}

/** Mirrors holdings and cash into the shared positions/portfolios tables (API, dashboard). */
export async function syncHoldings(
  db: PaperDb,
  portfolioId: string,
  positions: readonly PositionView[],
  cash: number,
  now: number,
): Promise<void> {
  await db.deleteFrom('positions').where('portfolio_id', '=', portfolioId).execute();
  for (const p of positions) {
    await db
      .insertInto('positions')
      .values({
        id: newId(),
        portfolio_id: portfolioId,
        symbol: p.symbol,
        quantity: p.quantity,
        avg_price: p.avgPrice,
        opened_at: p.entryTime === p.entryTime ? p.entryTime : now,
        updated_at: now,
      })
      .execute();
  }
  await db
    .updateTable('portfolios')
    .set({ cash, updated_at: now })
    .where('id', '=', portfolioId)
    .execute();
}

function tradeRow(portfolioId: string, t: Trade) {
  return {
    id: newId(),
    backtest_id: null,
    portfolio_id: portfolioId,
    symbol: t.symbol,
    side: t.side,
    entry_ts: t.entryTime,
    entry_price: t.entryPrice,
    exit_ts: t.exitTime,
    exit_price: t.exitPrice,
    quantity: t.quantity,
    pnl: t.pnl,
    return_pct: t.returnPct,
    commission: t.commission,
    slippage: t.slippage,
    details_json: toJsonText({
      spread: t.spread,
      barsHeld: t.barsHeld,
      entryReason: t.entryReason,
      exitReason: t.exitReason,
    }),
  };
}

async function publishEvents(
  deps: PaperDeps,
  portfolioId: string,
  days: readonly PaperDay[],
): Promise<void> {
  const events = deps.events;
  if (!events) return;
  for (const d of days) {
    for (const decision of d.decisions) {
      await events.publish('SignalGenerated', signalGeneratedEvent(decision));
    }
    for (const fill of d.fills) {
      await events.publish('TradeExecuted', {
        portfolioId,
        symbol: fill.symbol,
        side: fill.side,
        quantity: fill.quantity,
        price: fill.price,
        time: toIsoTime(fill.time),
      });
    }
  }
}

/**
 * A manual order: through the pipeline (stored as a signal of strategy 'manual') and into the
 * saved broker state, in one transaction. It fills from the next new bar on.
 */
export async function placePaperOrder(
  deps: PaperDeps,
  name: string,
  order: ManualOrder,
): Promise<DecisionJson> {
  const db = paperDb(deps.store);
  const now = deps.now?.() ?? Date.now();
  const account = await loadPaperAccount(db, name);
  // Priced against the portfolio's last processed day; it fills on the next new bar.
  const asOf = account.state.lastTime;
  const symbol = order.symbol.toUpperCase();
  if (!(await deps.bars.load(symbol, asOf))) {
    throw new InputError('symbol', symbol, `no bars up to the last run day in ${deps.bars.name}`);
  }
  const target = await openEngine(deps, account, asOf, [symbol]);
  const decision = await target.placeManualOrder({ ...order, symbol }, asOf);
  const state = target.toState();
  await db.transaction().execute(async (trx) => {
    if (!(await saveState(trx, account, state, now, { lastTime: false, optimistic: true }))) {
      throw new InputError('portfolio', name, 'changed while the order was placed; try again');
    }
    await saveDecisions(trx, [decision], account.id, now);
  });
  await deps.events?.publish('SignalGenerated', signalGeneratedEvent(decision));
  return decisionJson(decision);
}

export function tradeLogJson(row: TradeLogRow): TradeLogJson {
  return {
    date: toIsoDate(row.time),
    symbol: row.symbol,
    sharesBought: row.sharesBought,
    buyPrice: row.buyPrice,
    costBasis: row.costBasis,
    pnl: row.pnl,
    reason: row.reason,
    sharesSold: row.sharesSold,
    sellPrice: row.sellPrice,
  };
}

export function decisionJson(d: SignalDecision): DecisionJson {
  return {
    date: toIsoDate(d.signal.time),
    symbol: d.signal.symbol,
    strategy: d.signal.strategy,
    action: d.signal.action,
    status: d.status,
    stage: d.stage,
    rule: d.rule,
    reason: d.reason,
    confidence: d.confidence,
  };
}

function utcMidnight(ms: number): number {
  return Math.floor(ms / 86_400_000) * 86_400_000;
}

const NEW_YORK = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in New York (where the market's day is), as UTC midnight epoch ms. */
export function newYorkDate(ms: number): number {
  return parseIsoDate(NEW_YORK.format(new Date(ms)));
}
