import { TRADING_DAYS_PER_YEAR } from '../domain/time.ts';
import { mean, sampleStdev } from './stats.ts';

/**
 * Per-period Sharpe ratio: mean(r - rf) / stdev(r - rf), sample stdev (n - 1). NaN below two
 * returns or with zero variance. `ratePerPeriod` is the risk-free rate for one period.
 */
export function periodSharpe(returns: ArrayLike<number>, ratePerPeriod = 0): number {
  const sd = sampleStdev(returns); // subtracting a constant rf leaves the stdev unchanged
  if (!(sd > 0)) return NaN;
  return (mean(returns) - ratePerPeriod) / sd;
}

/** Annualised Sharpe ratio: per-period Sharpe x sqrt(periodsPerYear). */
export function sharpeRatio(
  returns: ArrayLike<number>,
  ratePerPeriod = 0,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): number {
  return periodSharpe(returns, ratePerPeriod) * Math.sqrt(periodsPerYear);
}

/**
 * Downside deviation against a per-period target: sqrt( sum(min(0, r - target)^2) / n ) over
 * ALL n periods (periods above the target count as zeros, as in Sortino & Price 1994).
 */
export function downsideDeviation(returns: ArrayLike<number>, target = 0): number {
  const n = returns.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const shortfall = Math.min(0, returns[i] - target);
    sum += shortfall * shortfall;
  }
  return Math.sqrt(sum / n);
}

/**
 * Annualised Sortino ratio: mean(r - target) / downsideDeviation(r, target) x
 * sqrt(periodsPerYear). NaN when there is no downside (deviation 0) or no returns.
 */
export function sortinoRatio(
  returns: ArrayLike<number>,
  target = 0,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): number {
  const dd = downsideDeviation(returns, target);
  if (!(dd > 0)) return NaN;
  return ((mean(returns) - target) / dd) * Math.sqrt(periodsPerYear);
}

/** Calmar ratio: CAGR / max drawdown (a positive fraction). NaN when the drawdown is 0. */
export function calmarRatio(cagr: number, maxDrawdown: number): number {
  if (!(maxDrawdown > 0)) return NaN;
  return cagr / maxDrawdown;
}
