import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import type { Fill, Trade } from '../domain/trading.ts';
import type { Intent, Strategy } from '../strategies/types.ts';
import { closeAtEnd, processOrders, ratchetTrailing } from './broker.ts';
import { unionCalendar } from './calendar.ts';
import { validateBacktestConfig, type BacktestConfig } from './config.ts';
import { applyIntents } from './intents.ts';
import type { OrderEvent } from './orders.ts';
import { RunState, SymbolState, type CostTotals } from './state.ts';

export interface BacktestInput {
  readonly series: readonly BarSeries[];
  /** Called once per symbol, in input order; each symbol gets its own strategy instance. */
  readonly createStrategy: (symbol: string) => Strategy;
  readonly config: BacktestConfig;
}

export interface BacktestRun {
  readonly symbols: readonly string[];
  /** The shared calendar: the union of every series' bar times (epoch ms). */
  readonly times: Float64Array;
  /** Equity at each step's close; the last point is after the end-of-backtest close-out. */
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  /** Signed market value of the positions at each step's close (0 at the last point). */
  readonly marketValue: Float64Array;
  /** Gross market value / equity at each step's close (before the final close-out). */
  readonly exposure: Float64Array;
  readonly trades: Trade[];
  readonly fills: Fill[];
  readonly orderLog: OrderEvent[];
  readonly totals: Readonly<CostTotals>;
  readonly initialCapital: number;
  readonly finalValue: number;
}

const TRADING_DAYS = 252;

/**
 * Runs strategies over one or many symbols on a shared calendar. Each calendar step:
 *  (a) every symbol with a bar that day works its orders against the bar (broker.ts);
 *  (b) positions are marked at the close (a symbol without a bar keeps its last close), borrow
 *      fees are charged on shorts, trailing stops ratchet, equity is recorded;
 *  (c) each symbol with a bar calls its strategy with its reused context; intents become
 *      orders active from the symbol's next bar (so a decision on bar t never fills on bar t).
 * Positions still open after the last step are closed at their last close (closeAtEnd).
 * Deterministic: symbols are walked in input order, order ids count up, no clock or randomness.
 */
export function runBacktest(input: BacktestInput): BacktestRun {
  const { series, config } = input;
  validateBacktestConfig(config);
  if (series.length === 0) throw new InputError('series', 0, 'at least one series is needed');
  const seen = new Set<string>();
  for (const s of series) {
    if (seen.has(s.symbol)) throw new InputError('series', s.symbol, 'duplicate symbol');
    seen.add(s.symbol);
  }
  const times = unionCalendar(series);
  const trades: Trade[] = [];
  const states = series.map((s) => {
    const strategy = input.createStrategy(s.symbol);
    strategy.init(s);
    return new SymbolState(s, strategy, config, trades);
  });
  const run = new RunState(config, states, trades);
  const steps = times.length;
  const equity = new Float64Array(steps);
  const cash = new Float64Array(steps);
  const marketValue = new Float64Array(steps);
  const exposure = new Float64Array(steps);
  const mark: StepMark = { equity: 0, cash: 0, marketValue: 0, exposure: 0 };
  for (let step = 0; step < steps; step++) {
    advanceStep(run, step, times[step], mark, applyIntents);
    equity[step] = mark.equity;
    cash[step] = mark.cash;
    marketValue[step] = mark.marketValue;
    exposure[step] = mark.exposure;
  }

  closeAtEnd(run);
  const finalValue = run.cash;
  if (steps > 0) {
    equity[steps - 1] = finalValue;
    cash[steps - 1] = finalValue;
    marketValue[steps - 1] = 0;
  }
  return {
    symbols: series.map((s) => s.symbol),
    times,
    equity,
    cash,
    marketValue,
    exposure,
    trades: run.trades,
    fills: run.fills,
    orderLog: run.orderLog,
    totals: run.totals,
    initialCapital: config.initialCapital,
    finalValue,
  };
}

/** Portfolio values at one step's close (reused object: copy the fields). */
export interface StepMark {
  equity: number;
  cash: number;
  marketValue: number;
  exposure: number;
}

/** What happens to a strategy's decision: the backtest applies it; paper trading reviews it first. */
export type DecisionHandler = (
  run: RunState,
  s: SymbolState,
  step: number,
  result: Intent | readonly Intent[],
) => void;

/**
 * One calendar step at time `t` (phases (a) to (c) of runBacktest). Exported so that paper
 * trading advances the very same loop one day at a time.
 */
export function advanceStep(
  run: RunState,
  step: number,
  t: number,
  mark: StepMark,
  decide: DecisionHandler,
): void {
  const config = run.config;
  const states = run.symbols;
  const symbolCount = states.length;
  const borrowRate = config.allowShort ? config.borrowFeeBps / 10_000 / TRADING_DAYS : 0;
  run.time = t;
  // (a) fills against today's bars
  for (let k = 0; k < symbolCount; k++) {
    const s = states[k];
    const cursor = s.cursor;
    if (cursor < s.series.length && s.series.time[cursor] === t) {
      s.bar = cursor;
      s.cursor = cursor + 1;
      if (s.orders.length > 0) processOrders(run, s, step);
      s.lastClose = s.series.close[cursor];
    } else {
      s.bar = -1;
    }
  }
  // (b) mark to market at the close
  let value = 0;
  let gross = 0;
  const open = run.open;
  for (let k = 0; k < open.length; k++) {
    const s = open[k];
    const q = s.book.quantity;
    const price = s.lastClose;
    if (q < 0 && borrowRate > 0) {
      const fee = -q * price * borrowRate;
      run.cash -= fee;
      run.totals.borrowFees += fee;
      s.book.chargeBorrow(fee);
    }
    if (s.bar >= 0 && s.orders.length > 0) ratchetTrailing(s, price);
    value += q * price;
    gross += Math.abs(q) * price;
  }
  const total = run.cash + value;
  mark.equity = total;
  mark.cash = run.cash;
  mark.marketValue = value;
  mark.exposure = total > 0 ? gross / total : 0;
  // (c) strategies decide on the close
  for (let k = 0; k < symbolCount; k++) {
    const s = states[k];
    if (s.bar < 0) continue;
    const ctx = s.context;
    const book = s.book;
    ctx.index = s.bar;
    ctx.position = book.quantity;
    ctx.entryPrice = book.averagePrice;
    ctx.entryIndex = book.entryIndex;
    ctx.units = book.units;
    ctx.equity = total;
    ctx.cash = run.cash;
    if (s.orders.length > 0) describeOrders(s);
    else {
      ctx.stopPrice = NaN;
      ctx.hasPendingEntry = false;
    }
    const result = s.strategy.onBar(ctx);
    if (result !== null) decide(run, s, step, result);
  }
}

/** Fills the context's order-derived fields: the protective stop and pending entries. */
function describeOrders(s: SymbolState): void {
  let stop = NaN;
  let trailing = NaN;
  let pendingEntry = false;
  for (const order of s.orders) {
    if (order.status !== 'working') continue;
    if (order.role === 'entry') pendingEntry = true;
    else if (order.role === 'stop-loss') stop = order.stopPrice;
    else if (order.role === 'trailing-stop') trailing = order.stopPrice;
  }
  // With both a fixed and a trailing stop, report the tighter one (the one that fires first).
  if (stop === stop && trailing === trailing) {
    stop = s.book.quantity > 0 ? Math.max(stop, trailing) : Math.min(stop, trailing);
  }
  s.context.stopPrice = stop === stop ? stop : trailing;
  s.context.hasPendingEntry = pendingEntry;
}
