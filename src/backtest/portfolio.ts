import type { Fill, PositionSide, Trade } from '../domain/trading.ts';

/**
 * Accounting of one symbol's position with the average-cost method.
 *
 * - Entry fills on the position's side raise the quantity; the average entry price (actual
 *   fill prices, so slippage and spread are in it) and the entry costs accumulate.
 * - A reducing fill takes its share q / |position| of the entry value and of every entry cost
 *   (commission, slippage, spread, borrow fees accrued so far).
 * - Reducing fills of the same order accumulate into one trade (a volume-capped exit spread over
 *   several bars is one round trip); the trade is closed when the position returns to 0, when
 *   another order reduces it, or when the order stops working. A partial exit (the position
 *   stays open) is therefore a trade for the exited quantity.
 * - Trade pnl is net of all costs of both legs including borrow fees:
 *     long:  exit value - entry value - commissions - borrow
 *     short: entry value - exit value - commissions - borrow
 *   (values at actual fill prices), which equals the gross pnl at reference prices minus
 *   commission, slippage, spread and borrow. returnPct = pnl / (entry value + entry commission).
 */
export class PositionBook {
  readonly symbol: string;
  /** Signed shares: positive long, negative short. */
  quantity = 0;
  /** Average entry fill price of the open position. */
  averagePrice = NaN;
  entryTime = NaN;
  entryIndex = -1;
  entryReason = '';
  units = 0;
  /** Realised pnl (net) of closed trades in this symbol. */
  realisedPnl = 0;
  #entryValue = 0;
  #entryCommission = 0;
  #entrySlippage = 0;
  #entrySpread = 0;
  #borrow = 0;
  #exit: ExitAccumulator | null = null;
  readonly #trades: Trade[];

  /** Closed trades are appended to `trades` (shared by the whole portfolio, in close order). */
  constructor(symbol: string, trades: Trade[]) {
    this.symbol = symbol;
    this.#trades = trades;
  }

  /** Unrealised pnl at `price` (before exit costs, after entry costs already paid in cash). */
  unrealisedPnl(price: number): number {
    if (this.quantity === 0) return 0;
    return (
      this.quantity * price - Math.sign(this.quantity) * this.#entryValue - this.#entryCommission
    );
  }

  /** A borrow fee charged on the open short. */
  chargeBorrow(amount: number): void {
    this.#borrow += amount;
  }

  /**
   * Books a fill. `barIndex` is the symbol's bar index of the fill; `reason` names the entry
   * (used when the fill opens a position) or the exit (when it reduces one).
   */
  applyFill(fill: Fill, barIndex: number, reason: string): void {
    const delta = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const increasing = this.quantity === 0 || Math.sign(this.quantity) === Math.sign(delta);
    if (increasing) {
      this.flush();
      if (this.quantity === 0) {
        this.entryTime = fill.time;
        this.entryIndex = barIndex;
        this.entryReason = reason;
        this.units = 0;
        this.#entryValue = 0;
        this.#entryCommission = 0;
        this.#entrySlippage = 0;
        this.#entrySpread = 0;
        this.#borrow = 0;
      }
      this.units++;
      this.#entryValue += fill.quantity * fill.price;
      this.#entryCommission += fill.commission;
      this.#entrySlippage += fill.slippage;
      this.#entrySpread += fill.spread;
      this.quantity += delta;
      this.averagePrice = this.#entryValue / Math.abs(this.quantity);
      return;
    }
    if (fill.quantity > Math.abs(this.quantity)) {
      throw new Error(
        `fill of ${fill.quantity} exceeds the ${this.quantity} shares held in ${this.symbol}`,
      );
    }
    if (this.#exit && this.#exit.orderId !== fill.orderId) this.flush();
    const share = fill.quantity / Math.abs(this.quantity);
    const take = (value: number) => value * share;
    const exit = (this.#exit ??= newAccumulator(fill.orderId, reason, this.quantity > 0));
    const entryValue = take(this.#entryValue);
    const entryCommission = take(this.#entryCommission);
    const entrySlippage = take(this.#entrySlippage);
    const entrySpread = take(this.#entrySpread);
    const borrow = take(this.#borrow);
    exit.quantity += fill.quantity;
    exit.exitValue += fill.quantity * fill.price;
    exit.entryValue += entryValue;
    exit.commission += entryCommission + fill.commission;
    exit.slippage += entrySlippage + fill.slippage;
    exit.spread += entrySpread + fill.spread;
    exit.entryCommission += entryCommission;
    exit.borrow += borrow;
    exit.exitTime = fill.time;
    exit.exitIndex = barIndex;
    this.#entryValue -= entryValue;
    this.#entryCommission -= entryCommission;
    this.#entrySlippage -= entrySlippage;
    this.#entrySpread -= entrySpread;
    this.#borrow -= borrow;
    this.quantity += delta;
    if (this.quantity === 0) {
      this.flush();
      this.averagePrice = NaN;
      this.entryIndex = -1;
      this.entryTime = NaN;
      this.units = 0;
      this.#entryValue = 0;
      this.#entryCommission = 0;
      this.#entrySlippage = 0;
      this.#entrySpread = 0;
      this.#borrow = 0;
    }
  }

  /**
   * The book's full state as plain values (paper trading persists it between days), including
   * the reducing fills of an exit order still working (a volume-capped exit spread over days
   * stays one trade).
   */
  snapshot(): PositionBookSnapshot {
    return {
      quantity: this.quantity,
      averagePrice: this.averagePrice,
      entryTime: this.entryTime,
      entryIndex: this.entryIndex,
      entryReason: this.entryReason,
      units: this.units,
      realisedPnl: this.realisedPnl,
      entryValue: this.#entryValue,
      entryCommission: this.#entryCommission,
      entrySlippage: this.#entrySlippage,
      entrySpread: this.#entrySpread,
      borrow: this.#borrow,
      pendingExit: this.#exit ? { ...this.#exit } : null,
    };
  }

  /** Puts the book back in a captured state (see snapshot). */
  restore(state: PositionBookSnapshot): void {
    this.#exit = state.pendingExit ? { ...state.pendingExit } : null;
    this.quantity = state.quantity;
    this.averagePrice = state.averagePrice;
    this.entryTime = state.entryTime;
    this.entryIndex = state.entryIndex;
    this.entryReason = state.entryReason;
    this.units = state.units;
    this.realisedPnl = state.realisedPnl;
    this.#entryValue = state.entryValue;
    this.#entryCommission = state.entryCommission;
    this.#entrySlippage = state.entrySlippage;
    this.#entrySpread = state.entrySpread;
    this.#borrow = state.borrow;
  }

  /** Whether reducing fills of `orderId` are waiting to become a trade. */
  pendingExitOrder(): number {
    return this.#exit ? this.#exit.orderId : -1;
  }

  /** Turns accumulated reducing fills into a trade, if there are any. */
  flush(): void {
    const exit = this.#exit;
    if (!exit) return;
    this.#exit = null;
    const direction = exit.long ? 1 : -1;
    const fillPnl = direction * (exit.exitValue - exit.entryValue);
    const exitCommission = exit.commission - exit.entryCommission;
    const pnl = fillPnl - exit.entryCommission - exitCommission - exit.borrow;
    const basis = exit.entryValue + exit.entryCommission;
    const side: PositionSide = exit.long ? 'long' : 'short';
    const trade: Trade = {
      symbol: this.symbol,
      side,
      entryTime: this.entryTime,
      entryPrice: exit.entryValue / exit.quantity,
      exitTime: exit.exitTime,
      exitPrice: exit.exitValue / exit.quantity,
      quantity: exit.quantity,
      pnl,
      returnPct: basis > 0 ? pnl / basis : 0,
      commission: exit.commission,
      slippage: exit.slippage,
      spread: exit.spread,
      barsHeld: exit.exitIndex - this.entryIndex,
      entryReason: this.entryReason,
      exitReason: exit.exitReason,
    };
    this.realisedPnl += pnl;
    this.#trades.push(trade);
  }
}

/** Plain-number state of a PositionBook (NaN where the book has none). */
export interface PositionBookSnapshot {
  readonly quantity: number;
  readonly averagePrice: number;
  readonly entryTime: number;
  readonly entryIndex: number;
  readonly entryReason: string;
  readonly units: number;
  readonly realisedPnl: number;
  readonly entryValue: number;
  readonly entryCommission: number;
  readonly entrySlippage: number;
  readonly entrySpread: number;
  readonly borrow: number;
  /** Reducing fills of a still-working exit order, not yet a trade (absent in old snapshots). */
  readonly pendingExit?: Readonly<ExitAccumulator> | null;
}

/** Reducing fills of one order, accumulated into one trade. */
export interface ExitAccumulator {
  orderId: number;
  long: boolean;
  quantity: number;
  exitValue: number;
  entryValue: number;
  commission: number;
  entryCommission: number;
  slippage: number;
  spread: number;
  borrow: number;
  exitTime: number;
  exitIndex: number;
  exitReason: string;
}

function newAccumulator(orderId: number, exitReason: string, long: boolean): ExitAccumulator {
  return {
    orderId,
    long,
    quantity: 0,
    exitValue: 0,
    entryValue: 0,
    commission: 0,
    entryCommission: 0,
    slippage: 0,
    spread: 0,
    borrow: 0,
    exitTime: NaN,
    exitIndex: -1,
    exitReason,
  };
}
