import type { BarSeries } from '../domain/bars.ts';
import type { Fill, Trade } from '../domain/trading.ts';
import type { Strategy, StrategyContext } from '../strategies/types.ts';
import type { BacktestConfig } from './config.ts';
import { BarCostCache } from './costs.ts';
import type { Order, OrderEvent, OrderEventKind } from './orders.ts';
import { PositionBook } from './portfolio.ts';

/** The context handed to a strategy: one instance per symbol, updated in place every bar. */
export class SymbolContext implements StrategyContext {
  index = -1;
  readonly bars: BarSeries;
  position = 0;
  entryPrice = NaN;
  entryIndex = -1;
  units = 0;
  stopPrice = NaN;
  hasPendingEntry = false;
  equity = 0;
  cash = 0;
  readonly allowShort: boolean;

  constructor(bars: BarSeries, allowShort: boolean) {
    this.bars = bars;
    this.allowShort = allowShort;
  }
}

/** Everything the engine tracks for one symbol. */
export class SymbolState {
  readonly series: BarSeries;
  readonly strategy: Strategy;
  readonly context: SymbolContext;
  readonly book: PositionBook;
  /** Next bar of the series to reach on the calendar. */
  cursor = 0;
  /** The symbol's bar index on the current calendar step; -1 when it has no bar that day. */
  bar = -1;
  /** Last close seen: the valuation price on days without a bar. */
  lastClose = NaN;
  /** Working orders, in submission order. */
  orders: Order[] = [];
  /** Shares still fillable on the current bar under the volume cap. */
  liquidity = 0;
  /** Whether the symbol is in the run's list of open positions. */
  listedOpen = false;
  readonly costs: BarCostCache;

  constructor(series: BarSeries, strategy: Strategy, config: BacktestConfig, trades: Trade[]) {
    this.series = series;
    this.costs = new BarCostCache(config.costs, series);
    this.strategy = strategy;
    this.context = new SymbolContext(series, config.allowShort);
    this.book = new PositionBook(series.symbol, trades);
  }
}

export interface CostTotals {
  commission: number;
  slippage: number;
  spread: number;
  borrowFees: number;
  tradedValue: number;
}

/** Run-wide state shared by the engine loop, the broker and the intent handler. */
export class RunState {
  readonly config: BacktestConfig;
  readonly symbols: SymbolState[];
  cash: number;
  /** Symbols with a non-zero position, in the order they were opened. */
  readonly open: SymbolState[] = [];
  readonly fills: Fill[] = [];
  readonly trades: Trade[];
  readonly orderLog: OrderEvent[] = [];
  readonly totals: CostTotals = {
    commission: 0,
    slippage: 0,
    spread: 0,
    borrowFees: 0,
    tradedValue: 0,
  };
  /** Epoch ms of the current calendar step. */
  time = NaN;
  #nextOrderId = 1;

  constructor(config: BacktestConfig, symbols: SymbolState[], trades: Trade[]) {
    this.config = config;
    this.symbols = symbols;
    this.cash = config.initialCapital;
    this.trades = trades;
  }

  nextOrderId(): number {
    return this.#nextOrderId++;
  }

  /** The id the next order will get (paper trading saves it between days). */
  peekOrderId(): number {
    return this.#nextOrderId;
  }

  /** Continues order ids from a saved run (paper trading). */
  resumeOrderIds(next: number): void {
    this.#nextOrderId = next;
  }

  log(order: Order, kind: OrderEventKind, quantity: number, price: number, reason: string): void {
    this.orderLog.push({
      time: this.time,
      orderId: order.id,
      symbol: order.symbol,
      kind,
      role: order.role,
      side: order.side,
      type: order.type,
      quantity,
      price,
      reason,
    });
  }

  /** Ends a working order with a final status and a reason in the log. */
  finish(order: Order, status: 'cancelled' | 'rejected' | 'expired', reason: string): void {
    if (order.status !== 'working') return;
    order.status = status;
    const left =
      order.role === 'entry' && order.remaining === order.remaining ? order.remaining : 0;
    this.log(order, status, left, NaN, reason);
  }

  /** Equity at the latest known prices (cash + signed market value). */
  equity(): number {
    let value = this.cash;
    for (const s of this.open) value += s.book.quantity * s.lastClose;
    return value;
  }

  /**
   * Cash available for a new position without margin: equity minus gross market value. For a
   * long-only book that is the cash; an open short ties up collateral equal to its value.
   */
  buyingPower(): number {
    let value = this.cash;
    for (const s of this.open) {
      const q = s.book.quantity;
      if (q < 0) value += 2 * q * s.lastClose;
    }
    return value;
  }

  /** Keeps `open` in step with the symbol's position after a fill. */
  syncOpen(s: SymbolState): void {
    const isOpen = s.book.quantity !== 0;
    if (isOpen && !s.listedOpen) {
      this.open.push(s);
      s.listedOpen = true;
    } else if (!isOpen && s.listedOpen) {
      this.open.splice(this.open.indexOf(s), 1);
      s.listedOpen = false;
    }
  }

  /** Drops finished orders and closes a pending exit trade whose order stopped working. */
  compact(s: SymbolState): void {
    const orders = s.orders;
    let kept = 0;
    for (let k = 0; k < orders.length; k++) {
      if (orders[k].status === 'working') orders[kept++] = orders[k];
    }
    orders.length = kept;
    const pending = s.book.pendingExitOrder();
    if (pending >= 0 && !orders.some((o) => o.id === pending)) s.book.flush();
  }
}
