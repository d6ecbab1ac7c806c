import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { averageVolume, corwinSchultzSpread, dailyVolatility } from './trailing-stats.ts';

/**
 * Execution costs of the simulated broker. Micro-caps trade thin and wide, so every part is
 * on by default and each one is configurable:
 *
 * - commission: cash per fill (see CommissionModel). Each fill is charged as one order, so a
 *   remainder carried to a later bar (volume cap) pays the per-order minimum again, as an order
 *   re-sent the next day would at a real broker.
 * - slippage: a price concession against the trader on aggressive fills (market, stop,
 *   trailing stop, end-of-backtest close): fixed bps plus square-root market impact
 *   `k * sigma_daily * sqrt(orderShares / ADV)`, capped at maxImpactBps. sigma_daily is the
 *   standard deviation of daily log returns and ADV the mean volume, both over the `window`
 *   bars BEFORE the fill bar; with under two past bars the impact term is 0.
 * - spread: half the bid-ask spread is paid on every aggressive fill: fixed bps, or the
 *   Corwin-Schultz high/low estimator over the past `window` bars (see trailing-stats.ts),
 *   capped at capBps, and fallbackBps when there is no past bar pair yet.
 * - participation: at most this fraction of each bar's volume fills (all orders of the symbol
 *   on that bar together); the rest carries to later bars. null switches the cap off
 *   (then even a zero-volume bar fills, as in engines without a liquidity model).
 *
 * Limit fills (limit orders, the limit leg of a stop-limit, take-profit) are passive: they
 * fill at the limit or better and pay commission only, no slippage and no spread. Their cost
 * is the risk of not filling.
 */
export type CommissionModel =
  | { readonly kind: 'zero' }
  /** perShare per share, at least min per fill, at most maxFraction of the fill's value. */
  | {
      readonly kind: 'per-share';
      readonly perShare: number;
      readonly min: number;
      readonly maxFraction: number;
    }
  /** percent of the fill's value (0.1 = 0.1 %). */
  | { readonly kind: 'percent'; readonly percent: number }
  /** A fixed amount per fill. */
  | { readonly kind: 'fixed'; readonly amount: number };

export interface SlippageModel {
  readonly fixedBps: number;
  /** k of the square-root impact model; 0 disables it. */
  readonly impactK: number;
  readonly window: number;
  readonly maxImpactBps: number;
}

export type SpreadModel =
  | { readonly kind: 'fixed'; readonly bps: number }
  | {
      readonly kind: 'corwin-schultz';
      readonly window: number;
      readonly capBps: number;
      readonly fallbackBps: number;
    };

export interface CostConfig {
  readonly commission: CommissionModel;
  readonly slippage: SlippageModel;
  readonly spread: SpreadModel;
  /** Fraction of each bar's volume that can fill; null = no volume cap. */
  readonly participation: number | null;
}

/** Interactive-Brokers-like fixed tier: $0.005 a share, min $1, max 1 % of the trade value. */
export const US_BROKER_COMMISSION: CommissionModel = {
  kind: 'per-share',
  perShare: 0.005,
  min: 1,
  maxFraction: 0.01,
};

/** Realistic micro-cap defaults. */
export function defaultCosts(): CostConfig {
  return {
    commission: US_BROKER_COMMISSION,
    slippage: { fixedBps: 5, impactK: 0.1, window: 20, maxImpactBps: 1000 },
    spread: { kind: 'corwin-schultz', window: 20, capBps: 500, fallbackBps: 50 },
    participation: 0.1,
  };
}

/** No commission, slippage, spread or volume cap: for comparisons with other engines. */
export function noCosts(): CostConfig {
  return {
    commission: { kind: 'zero' },
    slippage: { fixedBps: 0, impactK: 0, window: 20, maxImpactBps: 0 },
    spread: { kind: 'fixed', bps: 0 },
    participation: null,
  };
}

/** Commission in cash for one fill of `quantity` shares at `price`. */
export function commissionFor(model: CommissionModel, quantity: number, price: number): number {
  if (quantity <= 0) return 0;
  switch (model.kind) {
    case 'zero':
      return 0;
    case 'fixed':
      return model.amount;
    case 'percent':
      return (quantity * price * model.percent) / 100;
    case 'per-share': {
      // The cap wins over the minimum, as at IB: a tiny trade pays at most maxFraction.
      const raw = Math.max(quantity * model.perShare, model.min);
      return Math.min(raw, model.maxFraction * quantity * price);
    }
  }
}

/** Slippage as a fraction of the reference price for `quantity` shares filling on bar `index`. */
export function slippageFraction(
  model: SlippageModel,
  series: BarSeries,
  index: number,
  quantity: number,
): number {
  if (!(model.impactK > 0)) return model.fixedBps / 10_000;
  const sigma = dailyVolatility(series, index, model.window);
  const adv = averageVolume(series, index, model.window);
  return slippageFromStats(model, sigma, adv, quantity);
}

/** Slippage fraction given the past window's daily volatility and average volume. */
export function slippageFromStats(
  model: SlippageModel,
  sigma: number,
  adv: number,
  quantity: number,
): number {
  let fraction = model.fixedBps / 10_000;
  if (model.impactK > 0 && quantity > 0 && sigma === sigma) {
    const cap = model.maxImpactBps / 10_000;
    // A name that never traded in the window gets the cap: any order is huge against zero.
    const impact = adv > 0 ? model.impactK * sigma * Math.sqrt(quantity / adv) : cap;
    fraction += Math.min(impact, cap);
  }
  return fraction;
}

/**
 * The cost inputs of one symbol's current bar, computed once per bar on first use (several
 * orders and the sizing of an entry all price against the same bar).
 */
export class BarCostCache {
  readonly #costs: CostConfig;
  readonly #series: BarSeries;
  #index = -1;
  #sigma = NaN;
  #adv = NaN;
  #halfSpread = 0;

  constructor(costs: CostConfig, series: BarSeries) {
    this.#costs = costs;
    this.#series = series;
  }

  /** Prices fills on bar `index` (past window = bars before it). */
  at(index: number): this {
    if (index !== this.#index) {
      this.#index = index;
      const slip = this.#costs.slippage;
      if (slip.impactK > 0) {
        this.#sigma = dailyVolatility(this.#series, index, slip.window);
        this.#adv = averageVolume(this.#series, index, slip.window);
      }
      this.#halfSpread = halfSpreadFraction(this.#costs.spread, this.#series, index);
    }
    return this;
  }

  slippage(quantity: number): number {
    return slippageFromStats(this.#costs.slippage, this.#sigma, this.#adv, quantity);
  }

  halfSpread(): number {
    return this.#halfSpread;
  }
}

/** Half the bid-ask spread, as a fraction of price, paid by an aggressive fill on bar `index`. */
export function halfSpreadFraction(model: SpreadModel, series: BarSeries, index: number): number {
  if (model.kind === 'fixed') return model.bps / 20_000;
  const estimate = corwinSchultzSpread(series, index, model.window);
  const full =
    estimate === estimate ? Math.min(estimate, model.capBps / 10_000) : model.fallbackBps / 10_000;
  return full / 2;
}

function specNumber(spec: string, text: string | undefined, what: string): number {
  const value = text === undefined || text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError('commission', spec, `${what} must be a non-negative number`);
  }
  return value;
}

/**
 * Parses a CLI commission spec: `zero`, `us-broker`, `per-share:0.005[,min=1][,max=0.01]`
 * (max as a fraction of the trade value; defaults min 0 and no max), `percent:0.1` (percent of
 * the trade value) or `fixed:1` (per fill).
 */
export function parseCommissionSpec(spec: string): CommissionModel {
  const text = spec.trim().toLowerCase();
  if (text === 'zero' || text === 'none') return { kind: 'zero' };
  if (text === 'us-broker') return US_BROKER_COMMISSION;
  const colon = text.indexOf(':');
  if (colon < 0) {
    throw new InputError(
      'commission',
      spec,
      'expected zero, us-broker, per-share:RATE[,min=N][,max=FRACTION], percent:N or fixed:N',
    );
  }
  const kind = text.slice(0, colon);
  const [first, ...options] = text.slice(colon + 1).split(',');
  if (kind === 'percent') {
    if (options.length > 0) throw new InputError('commission', spec, 'percent takes one number');
    return { kind: 'percent', percent: specNumber(spec, first, 'percent') };
  }
  if (kind === 'fixed') {
    if (options.length > 0) throw new InputError('commission', spec, 'fixed takes one number');
    return { kind: 'fixed', amount: specNumber(spec, first, 'fixed amount') };
  }
  if (kind === 'per-share') {
    let min = 0;
    let maxFraction = Infinity;
    for (const option of options) {
      const [key, value] = option.split('=');
      if (key === 'min') min = specNumber(spec, value, 'min');
      else if (key === 'max') maxFraction = specNumber(spec, value, 'max');
      else throw new InputError('commission', spec, `unknown option "${key}" (min=, max=)`);
    }
    return {
      kind: 'per-share',
      perShare: specNumber(spec, first, 'rate per share'),
      min,
      maxFraction,
    };
  }
  throw new InputError('commission', spec, `unknown commission model "${kind}"`);
}

/** Throws InputError when a cost setting is out of range. */
export function validateCosts(costs: CostConfig): void {
  const check = (field: string, value: number, ok: boolean, problem: string) => {
    if (!ok) throw new InputError(field, value, problem);
  };
  const s = costs.slippage;
  check(
    'slippage-bps',
    s.fixedBps,
    s.fixedBps >= 0 && s.fixedBps < 10_000,
    'must be in [0, 10000)',
  );
  check('impactK', s.impactK, s.impactK >= 0 && Number.isFinite(s.impactK), 'must be >= 0');
  check(
    'slippage window',
    s.window,
    Number.isInteger(s.window) && s.window >= 2,
    'must be an integer >= 2',
  );
  check(
    'maxImpactBps',
    s.maxImpactBps,
    s.maxImpactBps >= 0 && s.maxImpactBps < 10_000,
    'must be in [0, 10000)',
  );
  const sp = costs.spread;
  if (sp.kind === 'fixed') {
    check('spread-bps', sp.bps, sp.bps >= 0 && sp.bps < 20_000, 'must be in [0, 20000)');
  } else {
    check(
      'spread window',
      sp.window,
      Number.isInteger(sp.window) && sp.window >= 2,
      'must be an integer >= 2',
    );
    check(
      'spread capBps',
      sp.capBps,
      sp.capBps >= 0 && sp.capBps < 20_000,
      'must be in [0, 20000)',
    );
    check(
      'spread fallbackBps',
      sp.fallbackBps,
      sp.fallbackBps >= 0 && sp.fallbackBps < 20_000,
      'must be in [0, 20000)',
    );
  }
  const p = costs.participation;
  if (p !== null) check('participation', p, p > 0 && p <= 1, 'must be a fraction in (0, 1]');
  const c = costs.commission;
  if (c.kind === 'fixed') check('commission', c.amount, c.amount >= 0, 'must be >= 0');
  if (c.kind === 'percent')
    check('commission', c.percent, c.percent >= 0 && c.percent < 100, 'must be in [0, 100)');
  if (c.kind === 'per-share') {
    check('commission', c.perShare, c.perShare >= 0, 'rate per share must be >= 0');
    check('commission', c.min, c.min >= 0, 'min must be >= 0');
    check('commission', c.maxFraction, c.maxFraction >= 0, 'max must be >= 0');
  }
}
