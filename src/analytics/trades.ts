import type { Trade } from '../domain/trading.ts';
import { mean, sampleStdev } from './stats.ts';

const DAY_MS = 86_400_000;

/**
 * Statistics of closed round trips. NaN marks "undefined for these trades" (the aggregator turns
 * it into null). A winner has pnl > 0, a loser pnl < 0; break-even trades are neither but count
 * in the trade total (so they lower the win rate).
 */
export interface TradeStats {
  readonly trades: number;
  readonly winningTrades: number;
  readonly losingTrades: number;
  /** winners / trades. */
  readonly winRate: number;
  /** gross profit / gross loss; NaN without losers (never Infinity). */
  readonly profitFactor: number;
  readonly grossProfit: number;
  readonly grossLoss: number;
  /** Mean pnl per trade (currency). */
  readonly expectancy: number;
  /** Mean returnPct per trade (fraction). */
  readonly avgTradeReturn: number;
  /** Mean returnPct of winners / of losers. */
  readonly avgWinningTrade: number;
  readonly avgLosingTrade: number;
  /** Mean barsHeld. */
  readonly avgTradeDuration: number;
  /** Mean (exitTime - entryTime) in calendar days. */
  readonly avgTradeDurationDays: number;
  /** Highest and lowest returnPct. */
  readonly bestTrade: number;
  readonly worstTrade: number;
  /** sqrt(N) x mean(returnPct) / sample stdev(returnPct). */
  readonly sqn: number;
  /** W - (1 - W) / R with R = mean winning pnl / |mean losing pnl|. */
  readonly kelly: number;
  /** Sum of commission + slippage + spread over the trades. */
  readonly tradeCosts: number;
  /** Sum of quantity x (entryPrice + exitPrice): the value bought and sold. */
  readonly tradedValue: number;
}

export function tradeStats(trades: readonly Trade[]): TradeStats {
  const n = trades.length;
  const returns = new Float64Array(n);
  let winners = 0;
  let losers = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let winReturnSum = 0;
  let lossReturnSum = 0;
  let pnlSum = 0;
  let barsSum = 0;
  let daysSum = 0;
  let best = -Infinity;
  let worst = Infinity;
  let costs = 0;
  let tradedValue = 0;
  for (let i = 0; i < n; i++) {
    const t = trades[i];
    returns[i] = t.returnPct;
    pnlSum += t.pnl;
    if (t.pnl > 0) {
      winners++;
      grossProfit += t.pnl;
      winReturnSum += t.returnPct;
    } else if (t.pnl < 0) {
      losers++;
      grossLoss -= t.pnl;
      lossReturnSum += t.returnPct;
    }
    barsSum += t.barsHeld;
    daysSum += (t.exitTime - t.entryTime) / DAY_MS;
    best = Math.max(best, t.returnPct);
    worst = Math.min(worst, t.returnPct);
    costs += t.commission + t.slippage + t.spread;
    tradedValue += Math.abs(t.quantity) * (Math.abs(t.entryPrice) + Math.abs(t.exitPrice));
  }
  const winRate = n > 0 ? winners / n : NaN;
  const avgWin = winners > 0 ? grossProfit / winners : NaN;
  const avgLoss = losers > 0 ? grossLoss / losers : NaN;
  const payoff = avgWin / avgLoss; // NaN unless both winners and losers exist
  const sd = sampleStdev(returns);
  return {
    trades: n,
    winningTrades: winners,
    losingTrades: losers,
    winRate,
    profitFactor: losers > 0 ? grossProfit / grossLoss : NaN,
    grossProfit,
    grossLoss,
    expectancy: n > 0 ? pnlSum / n : NaN,
    avgTradeReturn: mean(returns),
    avgWinningTrade: winners > 0 ? winReturnSum / winners : NaN,
    avgLosingTrade: losers > 0 ? lossReturnSum / losers : NaN,
    avgTradeDuration: n > 0 ? barsSum / n : NaN,
    avgTradeDurationDays: n > 0 ? daysSum / n : NaN,
    bestTrade: n > 0 ? best : NaN,
    worstTrade: n > 0 ? worst : NaN,
    sqn: sd > 0 ? (Math.sqrt(n) * mean(returns)) / sd : NaN,
    kelly: payoff > 0 ? winRate - (1 - winRate) / payoff : NaN,
    tradeCosts: costs,
    tradedValue,
  };
}
