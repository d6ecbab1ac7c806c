import { InputError } from '../domain/errors.ts';

/**
 * How many whole shares an entry buys (or sells short) when the intent names no quantity.
 * Sizes are computed when the entry first becomes executable, at its actual fill price:
 *
 * - `all-in`: as many whole shares as the buying power pays for, after every cost.
 * - `percent`: `percent` % of equity (at the last close) worth of shares.
 * - `shares`: a fixed number of shares.
 * - `risk`: Turtle-style units: risk `percent` % of equity per trade, shares =
 *   equity * percent / 100 / riskPerShare, where riskPerShare is the intent's (for example
 *   its distance to the stop or an ATR) or, when the intent gives none, ATR(20) of past bars.
 *
 * Rule-sized orders (all-in, percent, risk) are reduced to what the buying power affords;
 * orders with an explicit quantity (`shares`, or the intent's quantity) are rejected instead,
 * since trading a different size than asked would silently change the strategy.
 */
export type SizingRule =
  | { readonly kind: 'all-in' }
  | { readonly kind: 'percent'; readonly percent: number }
  | { readonly kind: 'shares'; readonly shares: number }
  | { readonly kind: 'risk'; readonly percent: number };

const SIZING_HELP = 'expected all-in, percent:N (0 < N <= 100), shares:N (whole, > 0) or risk:N';

/** Parses `all-in`, `percent:N`, `shares:N` or `risk:N` (N in percent of equity). */
export function parseSizingSpec(spec: string): SizingRule {
  const text = spec.trim().toLowerCase();
  if (text === 'all-in') return { kind: 'all-in' };
  const match = /^(percent|shares|risk):(.+)$/.exec(text);
  if (!match) throw new InputError('sizing', spec, SIZING_HELP);
  const value = match[2].trim() === '' ? NaN : Number(match[2]);
  const kind = match[1];
  if (kind === 'shares') {
    if (!Number.isInteger(value) || value <= 0) throw new InputError('sizing', spec, SIZING_HELP);
    return { kind: 'shares', shares: value };
  }
  if (!(value > 0 && value <= 100)) throw new InputError('sizing', spec, SIZING_HELP);
  return kind === 'percent'
    ? { kind: 'percent', percent: value }
    : { kind: 'risk', percent: value };
}

/** Canonical text of a rule (for settings and reports). */
export function formatSizingRule(rule: SizingRule): string {
  switch (rule.kind) {
    case 'all-in':
      return 'all-in';
    case 'percent':
      return `percent:${rule.percent}`;
    case 'shares':
      return `shares:${rule.shares}`;
    case 'risk':
      return `risk:${rule.percent}`;
  }
}

/**
 * Target whole shares before affordability (Infinity for all-in: the buying power decides).
 * `riskPerShare` is only read by the risk rule; a non-positive or NaN risk gives 0 shares.
 */
export function targetShares(
  rule: SizingRule,
  equity: number,
  price: number,
  riskPerShare: number,
): number {
  switch (rule.kind) {
    case 'all-in':
      return Infinity;
    case 'shares':
      return rule.shares;
    case 'percent':
      return price > 0 ? Math.max(0, Math.floor((equity * rule.percent) / 100 / price)) : 0;
    case 'risk':
      return riskPerShare > 0
        ? Math.max(0, Math.floor((equity * rule.percent) / 100 / riskPerShare))
        : 0;
  }
}

/**
 * Largest whole number of shares q <= maxShares with q * price + commission(q) <= budget.
 * The commission may depend on q (per-share, percent), so the estimate is refined downwards.
 */
export function affordableShares(
  budget: number,
  price: number,
  maxShares: number,
  commission: (shares: number) => number,
): number {
  if (!(budget > 0) || !(price > 0)) return 0;
  let q = Math.min(maxShares, Math.floor(budget / price));
  for (let guard = 0; q > 0 && guard < 64; guard++) {
    const cost = q * price + commission(q);
    if (cost <= budget) return q;
    q = Math.min(q - 1, Math.floor(q * (budget / cost)));
  }
  // Rare: the refinement did not converge; walk down one share at a time (bounded).
  while (q > 0 && q * price + commission(q) > budget) q--;
  return Math.max(0, q);
}
