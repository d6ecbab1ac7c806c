import type { BarSeries } from '../domain/bars.ts';
import type { Random } from '../domain/random.ts';

/** Parameters of one synthetic ticker; see the module comment of demo.ts for the model. */
export interface TickerParams {
  readonly annualVolatility: number;
  /** Annual log drift of the anchor price the series reverts to. */
  readonly annualDrift: number;
  /** Degrees of freedom of the student-t shocks (smaller = fatter tails). */
  readonly dof: number;
  readonly garchAlpha: number;
  readonly garchBeta: number;
  /** Share of the daily variance that arrives overnight (the gap at the open). */
  readonly overnightShare: number;
  readonly jumpProbability: number;
  readonly jumpMean: number;
  readonly jumpSd: number;
  /** High/low excursion beyond open and close, in units of the day's volatility. */
  readonly rangeFactor: number;
  /** Spread (sd of the log price around its anchor) that the daily pull aims for. */
  readonly anchorSpread: number;
  readonly startPrice: number;
  readonly dollarVolume: number;
  readonly zeroVolumeProbability: number;
  readonly burstProbability: number;
  /** Day index where the collapse begins, or -1. */
  readonly collapseStart: number;
  /** Days of trading left once the collapse is complete (-1: never delisted). */
  readonly delistAfterCollapse: number;
}

const TRADING_DAYS = 252;
/** The collapse is complete once the price is below this share of where the slide began. */
const COLLAPSED = 0.08;
/** Anchor bounds keep surviving names near micro-cap prices. */
/** Daily variance never exceeds this multiple of the long-run level (volatility about 2.5x). */
const MAX_VARIANCE_MULTIPLE = 6;
/** Standardised shocks are clipped here (an 8-sigma day is rare enough). */
const MAX_SHOCK = 8;
const LOG_ANCHOR_MIN = Math.log(0.6);
const LOG_ANCHOR_MAX = Math.log(15);

/** Exchange ticks: cents from $1, hundredths of a cent below. */
export function roundPrice(price: number): number {
  const rounded = price >= 1 ? Math.round(price * 100) / 100 : Math.round(price * 10000) / 10000;
  return rounded > 0 ? rounded : 0.0001;
}

function shock(random: Random, dof: number): number {
  const z = random.standardT(dof);
  return z > MAX_SHOCK ? MAX_SHOCK : z < -MAX_SHOCK ? -MAX_SHOCK : z;
}

/** Simulates one ticker over `calendar` (it may end early when delisted). */
export function simulateTicker(
  random: Random,
  symbol: string,
  calendar: Float64Array,
  p: TickerParams,
): BarSeries {
  const days = calendar.length;
  const open = new Float64Array(days);
  const high = new Float64Array(days);
  const low = new Float64Array(days);
  const close = new Float64Array(days);
  const volume = new Float64Array(days);

  const longRunVariance = (p.annualVolatility * p.annualVolatility) / TRADING_DAYS;
  const omega = longRunVariance * (1 - p.garchAlpha - p.garchBeta);
  const dailyDrift = p.annualDrift / TRADING_DAYS;
  // Pull strength so that the stationary spread around the anchor is about anchorSpread
  // whatever the volatility (an OU process has spread sigma / sqrt(2 kappa)).
  const meanReversion = longRunVariance / (2 * p.anchorSpread * p.anchorSpread);
  const overnightScale = Math.sqrt(p.overnightShare);
  const intradayScale = Math.sqrt(1 - p.overnightShare);

  let variance = longRunVariance;
  let lastShock = 0;
  let logPrice = Math.log(p.startPrice); // the latent price, also moving on no-trade days
  let logAnchor = logPrice;
  let lastTradedClose = roundPrice(p.startPrice);
  let burst = 0;
  let collapsedAt = -1;
  let collapseFrom = Infinity; // latent price when the slide began
  let length = days;

  for (let t = 0; t < days; t++) {
    // The cap keeps one extreme t draw from feeding an explosive variance spiral.
    variance = Math.min(
      MAX_VARIANCE_MULTIPLE * longRunVariance,
      omega + p.garchAlpha * lastShock * lastShock + p.garchBeta * variance,
    );
    const sd = Math.sqrt(variance);
    const collapsing = p.collapseStart >= 0 && t >= p.collapseStart && collapsedAt < 0;
    if (t === p.collapseStart) collapseFrom = Math.exp(logPrice);

    // Mean reversion toward a drifting anchor; a collapsing name slides instead.
    logAnchor += dailyDrift;
    if (collapsedAt < 0) logAnchor = Math.min(LOG_ANCHOR_MAX, Math.max(LOG_ANCHOR_MIN, logAnchor));
    const pull = collapsing ? -0.012 : meanReversion * (logAnchor - logPrice);
    const jumpChance = collapsing ? 0.03 : p.jumpProbability;
    const jump = random.chance(jumpChance)
      ? random.normal(collapsing ? -0.12 : p.jumpMean, p.jumpSd)
      : 0;
    const overnight = overnightScale * sd * shock(random, p.dof);
    const intraday = intradayScale * sd * shock(random, p.dof);
    lastShock = overnight + intraday;

    const prior = logPrice;
    const openLog = prior + overnight + jump + pull * p.overnightShare;
    logPrice = openLog + intraday + pull * (1 - p.overnightShare);
    const o = Math.exp(openLog);
    const c = Math.exp(logPrice);
    const excursion = p.rangeFactor * sd;
    const h = Math.max(o, c) * Math.exp(Math.abs(random.normal()) * excursion);
    const l = Math.min(o, c) * Math.exp(-Math.abs(random.normal()) * excursion);

    // Volume: dollar level / price, more on big moves, log-normal noise, decaying bursts.
    burst *= 0.75;
    if (random.chance(p.burstProbability)) burst += random.between(3, 15);
    const moveSize = Math.abs(lastShock + jump) / Math.sqrt(longRunVariance);
    const noise = Math.exp(0.6 * random.normal() - 0.18);
    const shares = (p.dollarVolume / c) * (0.4 + 0.6 * moveSize) * noise * (1 + burst);
    const noTrade = random.chance(p.zeroVolumeProbability) && burst < 1;

    if (noTrade) {
      // Nobody traded: the bar is flat at the last traded close; the latent price moves on.
      open[t] = high[t] = low[t] = close[t] = lastTradedClose;
      volume[t] = 0;
    } else {
      const ro = roundPrice(o);
      const rc = roundPrice(c);
      open[t] = ro;
      close[t] = rc;
      high[t] = Math.max(roundPrice(h), ro, rc);
      low[t] = Math.min(roundPrice(l), ro, rc);
      volume[t] = Math.max(1, Math.round(shares));
      lastTradedClose = rc;
    }

    if (collapsing && Math.exp(logPrice) < collapseFrom * COLLAPSED) {
      collapsedAt = t;
      logAnchor = logPrice; // what is left drifts around its new, tiny level
    }
    if (
      collapsedAt >= 0 &&
      p.delistAfterCollapse >= 0 &&
      t >= collapsedAt + p.delistAfterCollapse
    ) {
      length = t + 1;
      break;
    }
  }

  const fit = (column: Float64Array): Float64Array =>
    length === days ? column : column.slice(0, length);
  return {
    symbol,
    length,
    time: calendar.slice(0, length),
    open: fit(open),
    high: fit(high),
    low: fit(low),
    close: fit(close),
    volume: fit(volume),
    adjClose: null,
  };
}
