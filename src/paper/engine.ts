import { advanceStep, type StepMark } from '../backtest/engine.ts';
import { applyIntents } from '../backtest/intents.ts';
import type { Order } from '../backtest/orders.ts';
import { RunState, SymbolState } from '../backtest/state.ts';
import { createBarSeries, rangeBarSeries, type BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import type { Fill, Trade } from '../domain/trading.ts';
import { signalsFromIntents } from '../signals/generate.ts';
import { runSignalPipeline, type PipelineCandidate } from '../signals/pipeline.ts';
import type { SignalReviewer } from '../signals/review.ts';
import type { PortfolioView, Signal, SignalDecision } from '../signals/types.ts';
import { createStrategy } from '../strategies/registry.ts';
import type { Intent, Strategy, StrategyContext } from '../strategies/types.ts';
import { brokerConfig, type PaperSettings } from './settings.ts';
import type { JournalRow, PaperStateData, PaperSymbolData } from './state-codec.ts';
import { describeExit, type TradeLogRow } from './trade-log.ts';

export interface PaperEngineOptions {
  readonly settings: PaperSettings;
  readonly initialCash: number;
  readonly state: PaperStateData;
  /** Each symbol's bars up to (at least) the run date; older history is welcome (warm-up). */
  readonly bars: ReadonlyMap<string, BarSeries>;
  readonly reviewer?: SignalReviewer | null;
  /** Symbols traded by hand only (manual orders outside the strategy's list). */
  readonly extraSymbols?: readonly string[];
}

export interface PositionView {
  readonly symbol: string;
  readonly quantity: number;
  readonly avgPrice: number;
  readonly close: number;
  /** The protective stop working for the position (tighter of fixed and trailing). */
  readonly stop: number | null;
  readonly value: number;
  readonly unrealisedPnl: number;
  readonly entryTime: number;
}

/** What one calendar step (one trading day) did. */
export interface PaperDay {
  readonly time: number;
  readonly step: number;
  readonly equity: number;
  readonly cash: number;
  readonly marketValue: number;
  readonly exposure: number;
  readonly positions: readonly PositionView[];
  readonly fills: readonly Fill[];
  readonly trades: readonly Trade[];
  readonly tradeLog: readonly TradeLogRow[];
  readonly decisions: readonly SignalDecision[];
}

export interface ManualOrder {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly limit?: number;
  /** buy: protective stop for the new position; sell: sell when the price falls to it. */
  readonly stop?: number;
}

interface Pending {
  readonly s: SymbolState;
  readonly result: Intent | readonly Intent[];
  readonly position: number;
}

const NO_STRATEGY: Strategy = { init() {}, onBar: () => null };

/**
 * The paper venue: the backtest's RunState and broker, restored from the saved state, advanced
 * one calendar step per new bar with the backtest's own advanceStep. The only difference from
 * a backtest is the decision path: a strategy's intents go through the signal pipeline
 * (validation, risk, optional AI review) before they reach the broker.
 */
export class PaperEngine {
  readonly run: RunState;
  readonly settings: PaperSettings;
  #step: number;
  #lastTime: number;
  #equity: number;
  #previousEquity: number;
  readonly #journals = new Map<SymbolState, JournalRow[]>();
  readonly #firstTimes = new Map<SymbolState, number>();
  readonly #strategyId: string | null;
  #strategySymbols = new Set<string>();
  readonly #reviewer: SignalReviewer | null;

  constructor(options: PaperEngineOptions) {
    const { settings, state } = options;
    this.settings = settings;
    this.#strategyId = settings.strategy;
    this.#reviewer = options.reviewer ?? null;
    const config = brokerConfig(settings, options.initialCash);
    const saved = new Map(state.symbols.map((s) => [s.symbol, s]));
    const names = [...state.symbols.map((s) => s.symbol)];
    for (const symbol of [...settings.symbols, ...(options.extraSymbols ?? [])]) {
      if (!saved.has(symbol) && !names.includes(symbol)) names.push(symbol);
    }
    this.#strategySymbols = new Set(settings.symbols);
    const trades: Trade[] = [];
    const states = names.map((symbol) =>
      this.#restoreSymbol(
        symbol,
        saved.get(symbol),
        options.bars.get(symbol),
        config,
        trades,
        state,
      ),
    );
    this.run = new RunState(config, states, trades);
    this.run.cash = state.cash;
    this.run.resumeOrderIds(state.nextOrderId);
    Object.assign(this.run.totals, state.totals);
    for (const symbol of state.open) {
      const s = states.find((x) => x.series.symbol === symbol);
      if (s) this.run.syncOpen(s);
    }
    this.#step = state.step;
    this.#lastTime = state.lastTime;
    this.#equity = state.equity;
    this.#previousEquity = state.previousEquity;
  }

  #restoreSymbol(
    symbol: string,
    saved: PaperSymbolData | undefined,
    loaded: BarSeries | undefined,
    config: ReturnType<typeof brokerConfig>,
    trades: Trade[],
    state: PaperStateData,
  ): SymbolState {
    let firstTime = saved?.firstTime ?? NaN;
    let series = loaded ?? emptySeries(symbol);
    if (firstTime === firstTime) {
      series = rangeBarSeries(series, firstTime);
      if (series.length > 0 && series.time[0] !== firstTime) {
        throw new InputError(
          'bars',
          symbol,
          `history changed: bar 0 was ${new Date(firstTime).toISOString()}`,
        );
      }
    } else if (series.length > 0) {
      firstTime = series.time[0];
    }
    if (saved && saved.cursor > series.length) {
      throw new InputError(
        'bars',
        symbol,
        `the bar source has ${series.length} bars up to the run date but the portfolio already ` +
          `processed ${saved.cursor}: read the same data (--data DIR, or the database)`,
      );
    }
    const inner =
      this.#strategyId && this.#strategySymbols.has(symbol)
        ? createStrategy(this.#strategyId, this.settings.params).strategy
        : NO_STRATEGY;
    inner.init(series);
    const journal = [...(saved?.journal ?? [])];
    replayJournal(inner, series, journal, config.allowShort);
    const strategy: Strategy = {
      init: () => {},
      onBar: (ctx) => {
        journal.push(journalRow(ctx));
        return inner.onBar(ctx);
      },
    };
    const s = new SymbolState(series, strategy, config, trades);
    if (saved) {
      s.orders = saved.orders.map((o) => ({ ...o }));
      s.book.restore(saved.book);
    }
    if (saved && saved.cursor >= 0) {
      s.cursor = saved.cursor;
      s.lastClose = saved.lastClose;
    } else {
      // A symbol joining a running portfolio (or imported) trades after the last processed day.
      let cursor = 0;
      while (cursor < series.length && series.time[cursor] <= state.lastTime) cursor++;
      s.cursor = cursor;
      s.lastClose = cursor > 0 ? series.close[cursor - 1] : (saved?.lastClose ?? NaN);
      // An imported position learns its entry bar once the bars are known.
      if (saved && s.book.quantity !== 0 && s.book.entryIndex < 0 && series.length > 0) {
        let entry = 0;
        while (entry < series.length - 1 && series.time[entry] < s.book.entryTime) entry++;
        s.book.restore({ ...saved.book, entryIndex: entry });
      }
    }
    this.#journals.set(s, journal);
    this.#firstTimes.set(s, firstTime);
    return s;
  }

  get lastTime(): number {
    return this.#lastTime;
  }

  get step(): number {
    return this.#step;
  }

  /** Calendar times after the last processed day, up to and including `asOf`. */
  pendingTimes(asOf: number): number[] {
    const times = new Set<number>();
    for (const s of this.run.symbols) {
      const t = s.series.time;
      for (let i = s.cursor; i < s.series.length && t[i] <= asOf; i++) {
        if (t[i] > this.#lastTime) times.add(t[i]);
      }
    }
    return [...times].sort((a, b) => a - b);
  }

  /**
   * Processes every new bar up to `asOf`, one calendar step at a time (a missed day is caught
   * up, in order). Returns what each day did.
   */
  async advanceTo(asOf: number): Promise<PaperDay[]> {
    const days: PaperDay[] = [];
    for (const t of this.pendingTimes(asOf)) days.push(await this.#advanceOne(t, asOf));
    return days;
  }

  async #advanceOne(t: number, asOf: number): Promise<PaperDay> {
    const run = this.run;
    const step = this.#step;
    const working = workingOrders(run);
    const fillsBefore = run.fills.length;
    const tradesBefore = run.trades.length;
    const logBefore = run.orderLog.length;
    const pending: Pending[] = [];
    const mark: StepMark = { equity: 0, cash: 0, marketValue: 0, exposure: 0 };
    advanceStep(run, step, t, mark, (_run, s, _step, result) => {
      pending.push({ s, result, position: s.book.quantity });
    });
    const decisions = await this.#decide(pending, step, mark.equity, asOf);
    const entryOrders = new Map<number, string>();
    for (const e of run.orderLog.slice(logBefore)) {
      if (e.role === 'entry' && (e.kind === 'filled' || e.kind === 'partial')) {
        entryOrders.set(e.orderId, e.reason);
      }
    }
    const fills = run.fills.slice(fillsBefore);
    const trades = run.trades.slice(tradesBefore);
    const tradeLog: TradeLogRow[] = [];
    for (const f of fills) {
      const reason = entryOrders.get(f.orderId);
      if (reason === undefined || f.side !== 'buy') continue;
      tradeLog.push({
        time: f.time,
        symbol: f.symbol,
        sharesBought: f.quantity,
        buyPrice: f.price,
        costBasis: f.quantity * f.price,
        pnl: 0,
        reason,
        sharesSold: null,
        sellPrice: null,
      });
    }
    for (const trade of trades) {
      if (trade.side !== 'long') continue;
      tradeLog.push({
        time: trade.exitTime,
        symbol: trade.symbol,
        sharesBought: null,
        buyPrice: trade.entryPrice,
        costBasis: trade.entryPrice * trade.quantity,
        pnl: trade.pnl,
        reason: describeExit(trade, fills, working),
        sharesSold: trade.quantity,
        sellPrice: trade.exitPrice,
      });
    }
    this.#previousEquity = this.#equity;
    this.#equity = mark.equity;
    this.#lastTime = t;
    this.#step = step + 1;
    return {
      time: t,
      step,
      equity: mark.equity,
      cash: mark.cash,
      marketValue: mark.marketValue,
      exposure: mark.exposure,
      positions: this.positions(),
      fills,
      trades,
      tradeLog,
      decisions,
    };
  }

  /** Signal pipeline over the step's decisions, then execution of what it accepted. */
  async #decide(
    pending: readonly Pending[],
    step: number,
    equity: number,
    asOf: number,
  ): Promise<SignalDecision[]> {
    if (pending.length === 0) return [];
    const run = this.run;
    const pipeline = this.settings.pipeline;
    const perSymbol = pending.map((p) => {
      const generated = signalsFromIntents(p.result, {
        symbol: p.s.series.symbol,
        strategy: this.#strategyId ?? 'manual',
        series: p.s.series,
        index: p.s.bar,
        position: p.position,
        equity,
        buyingPower: run.buyingPower(),
        sizing: run.config.sizing,
        baseConfidence: pipeline.baseConfidence,
      });
      return { ...p, signals: generated.signals };
    });
    const candidates: PipelineCandidate[] = perSymbol.flatMap((p) =>
      p.signals.map((signal) => ({
        signal,
        market: { series: p.s.series, index: p.s.bar, asOf },
      })),
    );
    const view = this.#portfolioView(equity, this.#equity);
    const decisions = await runSignalPipeline(candidates, view, {
      settings: pipeline,
      reviewer: this.#reviewer,
    });
    const bySignal = new Map<Signal, number>(decisions.map((d, k) => [d.signal, k]));
    for (const p of perSymbol) {
      const accepted = new Set<Intent>();
      for (const signal of p.signals) {
        const k = bySignal.get(signal);
        if (k !== undefined && decisions[k].status === 'accepted') accepted.add(signal.intent);
      }
      const signalIntents = new Set(p.signals.map((sig) => sig.intent));
      const list: readonly Intent[] = Array.isArray(p.result) ? p.result : [p.result as Intent];
      const chosen = list.filter((intent) => !signalIntents.has(intent) || accepted.has(intent));
      if (chosen.length === 0) continue;
      const logBefore = run.orderLog.length;
      applyIntents(run, p.s, step, chosen);
      markExecutionRejections(run.orderLog.slice(logBefore), p.signals, bySignal, decisions);
    }
    return decisions;
  }

  #portfolioView(equity: number, previousEquity: number): PortfolioView {
    const run = this.run;
    let pendingEntries = 0;
    for (const s of run.symbols) {
      for (const o of s.orders) if (o.role === 'entry' && o.status === 'working') pendingEntries++;
    }
    return {
      equity,
      buyingPower: run.buyingPower(),
      positions: run.open.map((s) => ({
        symbol: s.series.symbol,
        quantity: s.book.quantity,
        price: s.lastClose,
      })),
      pendingEntries,
      previousEquity,
    };
  }

  /**
   * A manual order (`paper buy|sell`): a signal of strategy 'manual' through the same pipeline
   * and broker. It works from the next new bar (its open at the earliest).
   */
  async placeManualOrder(order: ManualOrder, asOf: number): Promise<SignalDecision> {
    const symbol = order.symbol.toUpperCase();
    if (!(Number.isInteger(order.quantity) && order.quantity > 0)) {
      throw new InputError('quantity', order.quantity, 'must be a whole number of shares > 0');
    }
    for (const [field, value] of [
      ['limit', order.limit],
      ['stop', order.stop],
    ] as const) {
      if (value !== undefined && !(value > 0 && Number.isFinite(value))) {
        throw new InputError(field, value, 'must be a positive price');
      }
    }
    const s = this.run.symbols.find((x) => x.series.symbol === symbol);
    if (!s) throw new InputError('symbol', symbol, 'no bars for this symbol');
    const index = s.cursor - 1;
    if (index < 0) {
      throw new InputError(
        'symbol',
        symbol,
        'no bar on or before the last run day: run `paper run` first (orders fill after it)',
      );
    }
    const held = s.book.quantity;
    if (order.side === 'sell' && !(held > 0)) {
      throw new InputError('symbol', symbol, 'no long position to sell');
    }
    if (order.side === 'sell' && order.quantity > held) {
      throw new InputError('quantity', order.quantity, `only ${held} shares are held`);
    }
    const intent: Intent =
      order.side === 'buy'
        ? {
            kind: 'enter',
            side: 'long',
            reason: 'manual buy',
            quantity: order.quantity,
            ...(order.limit !== undefined
              ? { order: { type: 'limit', price: order.limit }, timeInForce: 'gtc' }
              : {}),
            ...(order.stop !== undefined ? { stopLoss: order.stop } : {}),
          }
        : {
            kind: 'exit',
            reason: 'manual sell',
            ...(order.limit !== undefined
              ? { order: { type: 'limit', price: order.limit }, timeInForce: 'gtc' }
              : order.stop !== undefined
                ? { order: { type: 'stop', price: order.stop }, timeInForce: 'gtc' }
                : {}),
          };
    const price = s.series.close[index];
    const signal: Signal = {
      symbol,
      strategy: 'manual',
      time: s.series.time[index],
      action: order.side,
      price,
      quantity: order.quantity,
      stopLoss: order.side === 'buy' ? (order.stop ?? null) : null,
      confidence: 1,
      reason: intent.reason,
      intent,
    };
    const [decision] = await runSignalPipeline(
      [{ signal, market: { series: s.series, index, asOf } }],
      this.#portfolioView(
        this.#equity === this.#equity ? this.#equity : this.run.equity(),
        this.#previousEquity,
      ),
      { settings: { ...this.settings.pipeline, minConfidence: 0 }, reviewer: this.#reviewer },
    );
    if (decision.status !== 'accepted') return decision;
    const logBefore = this.run.orderLog.length;
    const before = new Set(s.orders);
    applyIntents(this.run, s, this.#step - 1, intent);
    if (order.side === 'sell') {
      // A sized exit: the broker closes only these shares.
      for (const o of s.orders)
        if (!before.has(o) && o.role === 'exit') o.remaining = order.quantity;
    }
    const decisions = [decision];
    markExecutionRejections(
      this.run.orderLog.slice(logBefore),
      [signal],
      new Map([[signal, 0]]),
      decisions,
    );
    return decisions[0];
  }

  positions(): PositionView[] {
    return this.run.open.map((s) => {
      const stop = protectiveStop(s);
      const q = s.book.quantity;
      return {
        symbol: s.series.symbol,
        quantity: q,
        avgPrice: s.book.averagePrice,
        close: s.lastClose,
        stop,
        value: q * s.lastClose,
        unrealisedPnl: s.book.unrealisedPnl(s.lastClose),
        entryTime: s.book.entryTime,
      };
    });
  }

  /** Working orders, for display. */
  workingOrders(): Order[] {
    return this.run.symbols.flatMap((s) => s.orders.filter((o) => o.status === 'working'));
  }

  toState(): PaperStateData {
    const run = this.run;
    return {
      version: 1,
      step: this.#step,
      lastTime: this.#lastTime,
      cash: run.cash,
      nextOrderId: run.peekOrderId(),
      totals: { ...run.totals },
      equity: this.#equity,
      previousEquity: this.#previousEquity,
      open: run.open.map((s) => s.series.symbol),
      symbols: run.symbols.map((s) => {
        const firstTime = this.#firstTimes.get(s) ?? NaN;
        return {
          symbol: s.series.symbol,
          firstTime,
          // No bars seen yet: the cursor is placed when they arrive (-1).
          cursor: firstTime === firstTime ? s.cursor : -1,
          lastClose: s.lastClose,
          orders: s.orders.filter((o) => o.status === 'working').map((o) => ({ ...o })),
          book: s.book.snapshot(),
          journal: this.#journals.get(s) ?? [],
        };
      }),
    };
  }
}

function emptySeries(symbol: string): BarSeries {
  return createBarSeries(symbol, { time: [], open: [], high: [], low: [], close: [], volume: [] });
}

function journalRow(ctx: StrategyContext): JournalRow {
  return [
    ctx.index,
    ctx.position,
    ctx.entryPrice,
    ctx.entryIndex,
    ctx.units,
    ctx.stopPrice,
    ctx.hasPendingEntry ? 1 : 0,
    ctx.equity,
    ctx.cash,
  ];
}

/** Calls the strategy on every past decision with the context it had, discarding intents. */
function replayJournal(
  strategy: Strategy,
  bars: BarSeries,
  journal: readonly JournalRow[],
  allowShort: boolean,
): void {
  for (const row of journal) {
    if (row[0] >= bars.length) {
      throw new Error(`strategy journal refers to bar ${row[0]} beyond ${bars.length} bars`);
    }
    const ctx: StrategyContext = {
      index: row[0],
      bars,
      position: row[1],
      entryPrice: row[2],
      entryIndex: row[3],
      units: row[4],
      stopPrice: row[5],
      hasPendingEntry: row[6] === 1,
      equity: row[7],
      cash: row[8],
      allowShort,
    };
    strategy.onBar(ctx);
  }
}

function workingOrders(run: RunState): Map<number, Order> {
  const map = new Map<number, Order>();
  for (const s of run.symbols) for (const o of s.orders) map.set(o.id, { ...o });
  return map;
}

function protectiveStop(s: SymbolState): number | null {
  let stop: number | null = null;
  for (const o of s.orders) {
    if (o.status !== 'working') continue;
    if (o.role !== 'stop-loss' && o.role !== 'trailing-stop') continue;
    if (stop === null || (s.book.quantity > 0 ? o.stopPrice > stop : o.stopPrice < stop)) {
      stop = o.stopPrice;
    }
  }
  return stop;
}

/** An order the broker refused at submission turns its accepted signal into a rejection. */
function markExecutionRejections(
  events: ReturnType<RunState['orderLog']['slice']>,
  signals: readonly Signal[],
  index: ReadonlyMap<Signal, number>,
  decisions: SignalDecision[],
): void {
  for (const e of events) {
    if (e.kind !== 'rejected') continue;
    const entry = e.role === 'entry';
    const signal = signals.find((sig) =>
      entry ? sig.intent.kind === 'enter' : sig.intent.kind === 'exit',
    );
    const k = signal ? index.get(signal) : undefined;
    if (k === undefined || decisions[k].status !== 'accepted') continue;
    decisions[k] = {
      ...decisions[k],
      status: 'rejected',
      stage: 'execution',
      rule: 'broker',
      reason: `broker rejected the order: ${e.reason}`,
    };
  }
}
