import { TRADING_DAYS_PER_YEAR } from '../domain/time.ts';
import { mean, sampleStdev } from './stats.ts';

/** Calendar milliseconds in an average Gregorian-Julian year (365.25 days). */
export const MS_PER_YEAR = 365.25 * 86_400_000;

/**
 * Simple period returns r[t] = equity[t+1] / equity[t] - 1 (length n - 1). A period that starts
 * from non-positive equity has return 0: a ruined account has nothing left at risk, and a
 * ratio against zero or a negative base has no meaning.
 */
export function simpleReturns(equity: ArrayLike<number>): Float64Array {
  const n = equity.length;
  const out = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) {
    const previous = equity[i - 1];
    out[i - 1] = previous > 0 ? equity[i] / previous - 1 : 0;
  }
  return out;
}

/** final / initial - 1. */
export function totalReturn(initial: number, final: number): number {
  return final / initial - 1;
}

/** Calendar years between two epoch-ms times, 365.25 days a year. */
export function yearsBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / MS_PER_YEAR;
}

/**
 * Compound annual growth rate: (final / initial)^(1 / years) - 1, years by calendar time.
 * NaN when the span is not positive or the final value is negative.
 */
export function cagr(initial: number, final: number, years: number): number {
  if (!(years > 0) || !(initial > 0) || final < 0) return NaN;
  return (final / initial) ** (1 / years) - 1;
}

/** Annualised volatility: sample stdev of period returns x sqrt(periodsPerYear). */
export function annualisedVolatility(
  returns: ArrayLike<number>,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): number {
  return sampleStdev(returns) * Math.sqrt(periodsPerYear);
}

/** Converts an annual rate to the per-period rate that compounds to it: (1 + a)^(1/p) - 1. */
export function periodRate(annualRate: number, periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  return (1 + annualRate) ** (1 / periodsPerYear) - 1;
}

/** Mean of r - rf for every period. */
export function meanExcessReturn(returns: ArrayLike<number>, ratePerPeriod: number): number {
  return mean(returns) - ratePerPeriod;
}
