import type { Side, TimeInForce } from '../domain/trading.ts';
import type { EnterIntent, ExitIntent, Intent, OrderSpec } from '../strategies/types.ts';
import { setProtective } from './broker.ts';
import { newOrder, type OrderDetails } from './new-order.ts';
import type { Order, OrderRole } from './orders.ts';
import type { RunState, SymbolState } from './state.ts';

/**
 * Turns a strategy's intents on bar t into orders that can execute from the symbol's next bar
 * at the earliest (activeFrom = step + 1): no look-ahead.
 */
export function applyIntents(
  run: RunState,
  s: SymbolState,
  step: number,
  result: Intent | readonly Intent[],
): void {
  if (isIntentList(result)) {
    for (const intent of result) applyIntent(run, s, step, intent);
  } else {
    applyIntent(run, s, step, result);
  }
  run.compact(s);
}

function isIntentList(result: Intent | readonly Intent[]): result is readonly Intent[] {
  return Array.isArray(result);
}

function applyIntent(run: RunState, s: SymbolState, step: number, intent: Intent): void {
  switch (intent.kind) {
    case 'enter':
      enter(run, s, step, intent);
      return;
    case 'exit':
      exit(run, s, step, intent, intent.reason);
      return;
    case 'stop':
      // Without a position there is nothing to protect; the entry's own stopLoss covers that.
      if (s.book.quantity !== 0) {
        if (!(intent.price > 0)) {
          const order = makeOrder(
            run,
            s,
            step,
            'stop-loss',
            sideToClose(s),
            { type: 'market' },
            'gtc',
            intent.reason,
          );
          reject(run, s, order, `stop price must be a positive number (got ${intent.price})`);
          return;
        }
        setProtective(run, s, 'stop-loss', intent.price, null, NaN, step, intent.reason);
      }
      return;
    case 'cancel':
      cancelEntries(run, s, intent.reason);
      return;
  }
}

function sideToClose(s: SymbolState): Side {
  return s.book.quantity > 0 ? 'sell' : 'buy';
}

function cancelEntries(run: RunState, s: SymbolState, reason: string): void {
  for (const order of s.orders) {
    if (order.role === 'entry') run.finish(order, 'cancelled', reason);
  }
}

function enter(run: RunState, s: SymbolState, step: number, intent: EnterIntent): void {
  const side: Side = intent.side === 'long' ? 'buy' : 'sell';
  const position = s.book.quantity;
  // The opposite position is closed first, even when the new side is then rejected (a short
  // in a long-only run): the strategy no longer wants the old side.
  if (position !== 0 && position > 0 !== (side === 'buy')) {
    exit(
      run,
      s,
      step,
      { kind: 'exit', reason: `reverse: ${intent.reason}` },
      `reverse: ${intent.reason}`,
    );
  }
  const config = run.config;
  const explicit = intent.quantity !== undefined;
  const fixed = explicit
    ? (intent.quantity ?? NaN)
    : config.sizing.kind === 'shares'
      ? config.sizing.shares
      : NaN;
  const order = makeOrder(
    run,
    s,
    step,
    'entry',
    side,
    intent.order ?? { type: 'market' },
    intent.timeInForce ?? 'day',
    intent.reason,
    {
      remaining: fixed,
      ruleSized: fixed !== fixed,
      riskPerShare: intent.riskPerShare ?? NaN,
      stopLoss: intent.stopLoss ?? NaN,
      takeProfit: intent.takeProfit ?? NaN,
      trailing: intent.trailingStop ?? null,
    },
  );
  if (intent.side === 'short' && !config.allowShort) {
    reject(run, s, order, 'short selling is not allowed in this run (allowShort is off)');
    return;
  }
  if (explicit && !(Number.isInteger(fixed) && fixed > 0)) {
    reject(run, s, order, `quantity must be a whole number of shares > 0 (got ${intent.quantity})`);
    return;
  }
  const problem = specProblem(intent.order) ?? bracketProblem(intent);
  if (problem) {
    reject(run, s, order, problem);
    return;
  }
  accept(run, s, order);
}

function exit(
  run: RunState,
  s: SymbolState,
  step: number,
  intent: ExitIntent,
  reason: string,
): void {
  cancelEntries(run, s, `exit: ${reason}`);
  if (s.book.quantity === 0) return;
  for (const order of s.orders) {
    if (order.role === 'exit') run.finish(order, 'cancelled', 'replaced by a new exit');
  }
  const order = makeOrder(
    run,
    s,
    step,
    'exit',
    sideToClose(s),
    intent.order ?? { type: 'market' },
    intent.timeInForce ?? 'day',
    reason,
  );
  const problem = specProblem(intent.order);
  if (problem) {
    reject(run, s, order, problem);
    return;
  }
  accept(run, s, order);
}

function accept(run: RunState, s: SymbolState, order: Order): void {
  s.orders.push(order);
  const price = order.type === 'limit' ? order.limitPrice : order.stopPrice;
  run.log(
    order,
    'submitted',
    order.remaining === order.remaining ? order.remaining : 0,
    price,
    order.reason,
  );
}

function reject(run: RunState, s: SymbolState, order: Order, reason: string): void {
  run.log(
    order,
    'submitted',
    order.remaining === order.remaining ? order.remaining : 0,
    NaN,
    order.reason,
  );
  order.status = 'rejected';
  run.log(order, 'rejected', 0, NaN, reason);
}

function positive(value: number): boolean {
  return typeof value === 'number' && value > 0 && Number.isFinite(value);
}

function specProblem(spec: OrderSpec | undefined): string | null {
  if (!spec || spec.type === 'market') return null;
  if (spec.type === 'stop-limit') {
    return positive(spec.stop) && positive(spec.limit)
      ? null
      : 'stop-limit prices must be positive numbers';
  }
  return positive(spec.price)
    ? null
    : `${spec.type} price must be a positive number (got ${spec.price})`;
}

function bracketProblem(intent: EnterIntent): string | null {
  if (intent.stopLoss !== undefined && !positive(intent.stopLoss))
    return `stopLoss must be a positive number (got ${intent.stopLoss})`;
  if (intent.takeProfit !== undefined && !positive(intent.takeProfit))
    return `takeProfit must be a positive number (got ${intent.takeProfit})`;
  const trail = intent.trailingStop;
  if (trail) {
    const ok =
      'percent' in trail ? positive(trail.percent) && trail.percent < 100 : positive(trail.amount);
    if (!ok) return 'trailingStop needs a percent in (0, 100) or a positive amount';
  }
  return null;
}

/** What an entry order carries beyond a blank order: its sizing and its bracket. */
type EntryFields = Pick<
  OrderDetails,
  'remaining' | 'ruleSized' | 'riskPerShare' | 'stopLoss' | 'takeProfit' | 'trailing'
>;

function makeOrder(
  run: RunState,
  s: SymbolState,
  step: number,
  role: OrderRole,
  side: Side,
  spec: OrderSpec,
  timeInForce: TimeInForce,
  reason: string,
  entry: EntryFields = {},
): Order {
  return newOrder(
    {
      id: run.nextOrderId(),
      symbol: s.series.symbol,
      role,
      side,
      type: spec.type,
      timeInForce,
      activeFrom: step + 1,
      reason,
    },
    {
      stopPrice: spec.type === 'stop' ? spec.price : spec.type === 'stop-limit' ? spec.stop : NaN,
      limitPrice:
        spec.type === 'limit' ? spec.price : spec.type === 'stop-limit' ? spec.limit : NaN,
      ...entry,
    },
  );
}
