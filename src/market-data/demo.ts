import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { Random } from '../domain/random.ts';
import { parseIsoDate, toIsoDate } from '../domain/time.ts';
import { isTradingDay } from './calendar.ts';
import { simulateTicker, type TickerParams } from './demo-model.ts';
import { demoName, demoTickerLetters } from './demo-names.ts';

/**
 * The synthetic demo universe: micro-cap-like price series that need no data files, for
 * `--demo` backtests, tutorials and tests. NOTHING HERE IS REAL MARKET DATA.
 *
 * Labelling: every symbol starts with `SYN-` (`SYN-ABCD`, the index is `SYN-INDEX`), every
 * company name ends with `(synthetic)`, and the universe carries `synthetic: true`. Use
 * isSyntheticSymbol() wherever data is shown or stored.
 *
 * Calendar: NYSE trading days (weekends, regular holidays and special closures skipped, from
 * calendar.ts), starting at the first trading day on or after `start`.
 *
 * Model per ticker (demo-model.ts): log returns with GARCH(1,1) variance and standardised
 * student-t shocks (fat tails, volatility clustering), split into an overnight gap and an
 * intraday move, rare jumps at the open, mean reversion of the log price toward a drifting
 * anchor (keeps prices roughly within $0.50-$20), high/low excursions that widen with
 * volatility, and volume driven by a dollar-volume level, the size of the move and occasional
 * decaying bursts. `thin` names have days with zero volume (a flat bar at the last close).
 * About 8 % of the names collapse: a slide with down-jumps to below 8 % of its level when the slide began;
 * half of them (`delisted`) stop trading some days later, so their series end early.
 * Prices are rounded to cents (to 1/100 cent below $1); volume is whole shares.
 */

export const SYNTHETIC_PREFIX = 'SYN-';
export const DEMO_INDEX_SYMBOL = 'SYN-INDEX';
export const DEFAULT_DEMO_SEED = 20_240_601;
export const DEFAULT_DEMO_SYMBOLS = 50;
export const DEFAULT_DEMO_DAYS = 1260;
export const DEFAULT_DEMO_START = '2019-01-02';
export const MAX_DEMO_SYMBOLS = 5000;
export const MAX_DEMO_DAYS = 25_200;

export type DemoProfile = 'steady' | 'growth' | 'volatile' | 'thin' | 'collapse' | 'delisted';

export interface DemoTickerMeta {
  readonly symbol: string;
  readonly name: string;
  readonly sharesOutstanding: number;
  readonly profile: DemoProfile;
  /** Target annualised volatility of the model (a fraction). */
  readonly annualVolatility: number;
  /** True when the series stops before the universe's last day. */
  readonly delisted: boolean;
  readonly synthetic: true;
}

export interface DemoUniverse {
  readonly seed: number;
  readonly start: string;
  readonly days: number;
  readonly series: BarSeries[];
  readonly meta: DemoTickerMeta[];
  readonly synthetic: true;
}

export interface DemoOptions {
  readonly seed?: number;
  readonly symbols?: number;
  readonly days?: number;
  /** First calendar day (YYYY-MM-DD); the series start on the first trading day from there. */
  readonly start?: string;
}

/** True for symbols of the synthetic demo universe (`SYN-` prefix, any case). */
export function isSyntheticSymbol(symbol: string): boolean {
  return symbol.toUpperCase().startsWith(SYNTHETIC_PREFIX);
}

function wholeNumber(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(field, value, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** `days` NYSE trading days (UTC midnight) from the first trading day on or after `start`. */
export function demoTradingDays(start: string, days: number): Float64Array {
  const times = new Float64Array(days);
  let day = parseIsoDate(start, 'start');
  for (let i = 0; i < days; day += 86_400_000) {
    if (isTradingDay(day)) times[i++] = day;
  }
  return times;
}

const PROFILE_SHARES: ReadonlyArray<readonly [DemoProfile, number]> = [
  ['thin', 0.2],
  ['volatile', 0.25],
  ['growth', 0.15],
];

/**
 * Profiles in a seeded order: about 4 % `collapse` and 4 % `delisted` (at least one of each from
 * 13 names up), then thin, volatile and growth by share, the rest `steady`.
 */
function assignProfiles(random: Random, count: number): DemoProfile[] {
  const profiles: DemoProfile[] = [];
  const collapses = Math.round(count * 0.08);
  for (let i = 0; i < collapses; i++) profiles.push(i % 2 === 0 ? 'delisted' : 'collapse');
  for (const [profile, share] of PROFILE_SHARES) {
    const n = Math.round(count * share);
    for (let i = 0; i < n && profiles.length < count; i++) profiles.push(profile);
  }
  while (profiles.length < count) profiles.push('steady');
  // Fisher-Yates, so the collapsing names are not always the first symbols.
  for (let i = count - 1; i > 0; i--) {
    const j = random.integer(0, i);
    [profiles[i], profiles[j]] = [profiles[j], profiles[i]];
  }
  return profiles;
}

function tickerParams(random: Random, profile: DemoProfile, days: number): TickerParams {
  const volatility: Record<DemoProfile, readonly [number, number]> = {
    steady: [0.35, 0.55],
    growth: [0.45, 0.75],
    volatile: [0.8, 1.3],
    thin: [0.5, 0.9],
    collapse: [0.7, 1.1],
    delisted: [0.7, 1.1],
  };
  const drift: Record<DemoProfile, readonly [number, number]> = {
    steady: [-0.05, 0.12],
    growth: [0.15, 0.4],
    volatile: [-0.25, 0.25],
    thin: [-0.1, 0.1],
    collapse: [-0.1, 0.1],
    delisted: [-0.1, 0.1],
  };
  const collapsing = profile === 'collapse' || profile === 'delisted';
  const persistence = random.between(0.95, 0.985);
  const alpha = random.between(0.06, 0.14);
  return {
    annualVolatility: random.between(...volatility[profile]),
    annualDrift: random.between(...drift[profile]),
    dof:
      profile === 'volatile' || profile === 'thin'
        ? random.between(3, 4.5)
        : random.between(3.5, 6),
    garchAlpha: alpha,
    garchBeta: persistence - alpha,
    overnightShare: random.between(0.2, 0.4),
    jumpProbability: random.between(0.002, 0.01),
    jumpMean: -0.02,
    jumpSd: random.between(0.08, 0.2),
    rangeFactor: random.between(0.5, 1.0),
    anchorSpread: 0.45,
    startPrice: Math.exp(random.between(Math.log(0.8), Math.log(12))),
    dollarVolume:
      profile === 'thin'
        ? Math.exp(random.between(Math.log(5_000), Math.log(40_000)))
        : Math.exp(random.between(Math.log(50_000), Math.log(1_500_000))),
    zeroVolumeProbability: profile === 'thin' ? random.between(0.05, 0.15) : 0,
    burstProbability: random.between(0.005, 0.02),
    collapseStart: collapsing ? Math.floor(days * random.between(0.2, 0.6)) : -1,
    delistAfterCollapse: profile === 'delisted' ? random.integer(5, 40) : -1,
  };
}

/** Largest market cap a demo name may reach (micro-cap: under $300M). */
const MAX_MARKET_CAP = 290_000_000;

/** Generates the universe; the same options always give identical arrays. */
export function generateDemoUniverse(options: DemoOptions = {}): DemoUniverse {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isSafeInteger(seed)) throw new InputError('seed', seed, 'must be a whole number');
  const count = wholeNumber(
    'symbols',
    options.symbols ?? DEFAULT_DEMO_SYMBOLS,
    1,
    MAX_DEMO_SYMBOLS,
  );
  const days = wholeNumber('days', options.days ?? DEFAULT_DEMO_DAYS, 2, MAX_DEMO_DAYS);
  const start = options.start ?? DEFAULT_DEMO_START;
  const calendar = demoTradingDays(start, days);

  // Label 0 drives universe-level choices; ticker i has its own stream (label i + 1), so its
  // symbol does not depend on how many names are generated (its profile may).
  const universeRandom = Random.derive(seed, 0);
  const profiles = assignProfiles(universeRandom, count);
  const taken = new Set<string>();
  const series: BarSeries[] = [];
  const meta: DemoTickerMeta[] = [];
  for (let i = 0; i < count; i++) {
    const random = Random.derive(seed, i + 1);
    let letters = demoTickerLetters(random);
    while (taken.has(letters)) letters = demoTickerLetters(random);
    taken.add(letters);
    const symbol = SYNTHETIC_PREFIX + letters;
    const profile = profiles[i];
    const params = tickerParams(random, profile, days);
    const bars = simulateTicker(random, symbol, calendar, params);
    let maxClose = 0;
    for (let k = 0; k < bars.length; k++) if (bars.close[k] > maxClose) maxClose = bars.close[k];
    const targetCap = Math.exp(random.between(Math.log(10e6), Math.log(200e6)));
    const shares = Math.min(targetCap / params.startPrice, MAX_MARKET_CAP / maxClose);
    series.push(bars);
    meta.push({
      symbol,
      name: demoName(random, letters),
      sharesOutstanding: Math.floor(shares / 1000) * 1000,
      profile,
      annualVolatility: Math.round(params.annualVolatility * 1000) / 1000,
      delisted: bars.length < days,
      synthetic: true,
    });
  }
  return { seed, start: toIsoDate(calendar[0]), days, series, meta, synthetic: true };
}

/**
 * The universe's benchmark `SYN-INDEX`: an equal-weight, buy-and-hold index starting at 100,
 * i.e. 100 x the average of every member's price relative to its first open. (Daily
 * rebalancing would harvest a large, unrealistic bonus from these mean-reverting, very volatile
 * names.) A delisted name stays in the average at its last close, as cash would. High and low
 * average the members' highs and lows and are widened when needed to contain open and close.
 * Volume is the members' total; levels are rounded to 1/10,000 of a point.
 */
export function demoBenchmark(universe: DemoUniverse): BarSeries {
  const days = universe.series.reduce((n, s) => Math.max(n, s.length), 0);
  const longest = universe.series.find((s) => s.length === days);
  if (!longest) throw new InputError('universe', universe.series.length, 'has no series');
  const members = universe.series.length;
  const time = longest.time.slice();
  const open = new Float64Array(days);
  const high = new Float64Array(days);
  const low = new Float64Array(days);
  const close = new Float64Array(days);
  const volume = new Float64Array(days);
  for (const s of universe.series) {
    const weight = 100 / members / s.open[0];
    const last = s.length - 1;
    for (let t = 0; t < days; t++) {
      if (t > last) {
        const cash = s.close[last] * weight;
        open[t] += cash;
        high[t] += cash;
        low[t] += cash;
        close[t] += cash;
        continue;
      }
      open[t] += s.open[t] * weight;
      high[t] += s.high[t] * weight;
      low[t] += s.low[t] * weight;
      close[t] += s.close[t] * weight;
      volume[t] += s.volume[t];
    }
  }
  const round = (x: number): number => Math.round(x * 10_000) / 10_000;
  for (let t = 0; t < days; t++) {
    open[t] = round(open[t]);
    close[t] = round(close[t]);
    high[t] = Math.max(round(high[t]), open[t], close[t]);
    low[t] = Math.min(round(low[t]), open[t], close[t]);
  }
  return {
    symbol: DEMO_INDEX_SYMBOL,
    length: days,
    time,
    open,
    high,
    low,
    close,
    volume,
    adjClose: null,
  };
}
