import type { BarSeries } from '../domain/bars.ts';

/**
 * Statistics over a trailing window of PAST bars: bars [end - window, end), never bar `end`
 * itself, so a fill on bar `end` is priced from what was known before it opened. Each returns
 * NaN when fewer than two usable past bars exist; the caller decides the fallback.
 * They run only when an order fills, so plain loops over a short window are cheap enough.
 */

/** Mean volume of the past bars. */
export function averageVolume(series: BarSeries, end: number, window: number): number {
  const start = Math.max(0, end - window);
  if (end - start < 1) return NaN;
  let sum = 0;
  for (let i = start; i < end; i++) sum += series.volume[i];
  return sum / (end - start);
}

/** Sample standard deviation of daily log returns close-to-close over the past bars. */
export function dailyVolatility(series: BarSeries, end: number, window: number): number {
  const start = Math.max(1, end - window);
  const n = end - start;
  if (n < 2) return NaN;
  let sum = 0;
  let sumSq = 0;
  let used = 0;
  for (let i = start; i < end; i++) {
    const prev = series.close[i - 1];
    const cur = series.close[i];
    if (!(prev > 0) || !(cur > 0)) continue;
    const r = Math.log(cur / prev);
    sum += r;
    sumSq += r * r;
    used++;
  }
  if (used < 2) return NaN;
  const mean = sum / used;
  return Math.sqrt(Math.max(0, (sumSq - used * mean * mean) / (used - 1)));
}

/** Average true range (simple mean of true ranges) of the past bars. */
export function averageTrueRange(series: BarSeries, end: number, window: number): number {
  const start = Math.max(0, end - window);
  if (end - start < 1) return NaN;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const high = series.high[i];
    const low = series.low[i];
    const prevClose = i > 0 ? series.close[i - 1] : NaN;
    let tr = high - low;
    if (prevClose === prevClose) {
      tr = Math.max(tr, Math.abs(high - prevClose), Math.abs(low - prevClose));
    }
    sum += tr;
  }
  return sum / (end - start);
}

const CS_DENOMINATOR = 3 - 2 * Math.SQRT2;

/**
 * Corwin-Schultz (2012) bid-ask spread estimate, as a fraction of price, averaged over the
 * two-day pairs of the past window. For days t and t+1 with highs H and lows L:
 *
 *   beta  = ln(H_t / L_t)^2 + ln(H_t+1 / L_t+1)^2
 *   gamma = ln(max(H_t, H_t+1) / min(L_t, L_t+1))^2
 *   alpha = (sqrt(2 beta) - sqrt(beta)) / (3 - 2 sqrt 2) - sqrt(gamma / (3 - 2 sqrt 2))
 *   S     = 2 (e^alpha - 1) / (1 + e^alpha)
 *
 * Before each pair, day t+1's range is shifted by the overnight gap when it lies wholly above
 * or below day t's close (the paper's overnight adjustment). Negative two-day estimates are
 * set to 0 before averaging (the paper's variant (i)). NaN when no pair is usable.
 */
export function corwinSchultzSpread(series: BarSeries, end: number, window: number): number {
  const start = Math.max(0, end - window);
  let sum = 0;
  let pairs = 0;
  for (let t = start; t + 1 < end; t++) {
    const h0 = series.high[t];
    const l0 = series.low[t];
    const c0 = series.close[t];
    let h1 = series.high[t + 1];
    let l1 = series.low[t + 1];
    if (!(l0 > 0) || !(l1 > 0) || !(h0 >= l0) || !(h1 >= l1)) continue;
    if (l1 > c0) {
      const gap = l1 - c0;
      h1 -= gap;
      l1 -= gap;
    } else if (h1 < c0) {
      const gap = c0 - h1;
      h1 += gap;
      l1 += gap;
    }
    const r0 = Math.log(h0 / l0);
    const r1 = Math.log(h1 / l1);
    const beta = r0 * r0 + r1 * r1;
    const g = Math.log(Math.max(h0, h1) / Math.min(l0, l1));
    const gamma = g * g;
    const alpha =
      (Math.sqrt(2 * beta) - Math.sqrt(beta)) / CS_DENOMINATOR - Math.sqrt(gamma / CS_DENOMINATOR);
    const ea = Math.exp(alpha);
    const spread = (2 * (ea - 1)) / (1 + ea);
    sum += spread > 0 ? spread : 0;
    pairs++;
  }
  return pairs > 0 ? sum / pairs : NaN;
}
