import { drawdownSeries } from '../analytics/drawdown.ts';
import type { BacktestResultJson, EquityPointJson } from '../backtest/result.ts';
import type { BarSeries } from '../domain/bars.ts';

/**
 * What the report embeds as JSON for its charts. Price bars are the bulk of a report, so they
 * are limited: candles are embedded only for the first symbol of the run plus every symbol
 * that traded (most trades first), at most MAX_CHART_SYMBOLS symbols, each clipped to the
 * run's period and to its last MAX_BARS_PER_SYMBOL bars, prices rounded to PRICE_DIGITS
 * significant digits and volumes to whole shares. The worst case of the ~50-name demo universe
 * over five years (every name traded) embeds about 63,000 candles, a report of about 4 MB.
 */
export const MAX_CHART_SYMBOLS = 60;
export const MAX_BARS_PER_SYMBOL = 10_000;

const DAY_MS = 86_400_000;

/** One symbol's candles, columnar; times are epoch seconds (what lightweight-charts wants). */
export interface ChartBars {
  readonly symbol: string;
  readonly time: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
  /** Bars dropped from the start of the period to respect MAX_BARS_PER_SYMBOL. */
  readonly droppedBars: number;
}

export interface BenchmarkInput {
  readonly symbol: string;
  readonly equity: readonly EquityPointJson[];
}

/**
 * Symbols that get a candlestick chart: the run's first symbol (so a run with no trades still
 * shows its prices), then the traded ones by trade count, limited to `limit`. Only symbols
 * with bars are chosen.
 */
export function selectChartSymbols(
  result: BacktestResultJson,
  bars: readonly BarSeries[],
  limit = MAX_CHART_SYMBOLS,
): string[] {
  const available = new Set(bars.map((series) => series.symbol));
  const tradeCounts = new Map<string, number>();
  for (const trade of result.trades) {
    tradeCounts.set(trade.symbol, (tradeCounts.get(trade.symbol) ?? 0) + 1);
  }
  const first = result.symbols.find((symbol) => available.has(symbol)) ?? bars[0]?.symbol;
  const traded = [...tradeCounts.entries()]
    .filter(([symbol]) => available.has(symbol) && symbol !== first)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en'))
    .map(([symbol]) => symbol);
  const chosen = first === undefined ? traded : [first, ...traded];
  return chosen.slice(0, Math.max(0, limit));
}

/** Parses a period bound; a date-only end includes that whole day. NaN-free: ±Infinity if absent. */
function periodBound(text: string, edge: 'start' | 'end'): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return edge === 'start' ? -Infinity : Infinity;
  return edge === 'end' && /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? ms + DAY_MS - 1 : ms;
}

/**
 * Prices rounded to PRICE_DIGITS significant digits for the chart: a picture needs no more,
 * and synthetic prices with 17 digits would more than double the embedded data.
 */
export const PRICE_DIGITS = 7;

export function chartPrice(value: number): number {
  return Number(value.toPrecision(PRICE_DIGITS));
}

/**
 * The candles of one series inside [start, end], without bars whose prices are not finite
 * (a chart cannot draw them), keeping the last `maxBars`.
 */
export function toChartBars(
  series: BarSeries,
  start: string,
  end: string,
  maxBars = MAX_BARS_PER_SYMBOL,
): ChartBars {
  const from = periodBound(start, 'start');
  const to = periodBound(end, 'end');
  const kept: number[] = [];
  for (let i = 0; i < series.length; i++) {
    const t = series.time[i];
    if (t < from || t > to) continue;
    const prices = [series.open[i], series.high[i], series.low[i], series.close[i]];
    if (prices.every(Number.isFinite)) kept.push(i);
  }
  const droppedBars = Math.max(0, kept.length - maxBars);
  const indices = kept.slice(droppedBars);
  const volume = (i: number) =>
    Number.isFinite(series.volume[i]) ? Math.round(series.volume[i]) : 0;
  const column = (values: Float64Array) => indices.map((i) => chartPrice(values[i]));
  return {
    symbol: series.symbol,
    time: indices.map((i) => series.time[i] / 1000),
    open: column(series.open),
    high: column(series.high),
    low: column(series.low),
    close: column(series.close),
    volume: indices.map(volume),
    droppedBars,
  };
}

/**
 * Drawdown at each point as a NEGATIVE fraction below the running peak (0 at a new high,
 * -0.25 = 25 % down), so the chart hangs below zero; analytics' drawdownSeries gives it positive.
 */
export function drawdownFractions(equity: readonly EquityPointJson[]): number[] {
  const depth = drawdownSeries(equity.map((point) => point.value));
  return Array.from(depth, (d) => (d === 0 || !Number.isFinite(d) ? 0 : -d));
}

/**
 * The benchmark on the strategy's own time points, rebased so that it equals the initial
 * capital at the first point both have (so both lines read in the same money): the last
 * benchmark value at or before each time, null before the benchmark starts.
 */
export function alignBenchmark(
  equity: readonly EquityPointJson[],
  benchmark: readonly EquityPointJson[],
  initialCapital: number,
): (number | null)[] {
  const points = benchmark
    .map((point) => ({ ms: Date.parse(point.time), value: point.value }))
    .filter((point) => Number.isFinite(point.ms) && Number.isFinite(point.value))
    .sort((a, b) => a.ms - b.ms);
  let next = 0;
  let current: number | null = null;
  const raw = equity.map(({ time }) => {
    const ms = Date.parse(time);
    while (next < points.length && points[next].ms <= ms) {
      current = points[next].value;
      next++;
    }
    return current;
  });
  const base = raw.find((value) => value !== null && value !== 0);
  if (base === undefined || base === null) return raw.map(() => null);
  const scale = initialCapital / base;
  return raw.map((value) => (value === null ? null : value * scale));
}
