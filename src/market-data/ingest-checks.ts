import type { BarSeries } from '../domain/bars.ts';
import { toIsoDate, toIsoTime } from '../domain/time.ts';

export interface StoredSeriesIssue {
  readonly kind: 'ordering' | 'ohlc' | 'non-positive' | 'gap';
  readonly time: string;
  readonly message: string;
}

export interface StoredSeriesReport {
  readonly symbol: string;
  readonly bars: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly ok: boolean;
  readonly issues: StoredSeriesIssue[];
}

const DAY_MS = 86_400_000;

/**
 * Basic checks of stored bars: strictly increasing times, OHLC consistency (low <= open,close
 * <= high), positive prices and non-negative volume, and runs of missing weekdays in daily
 * data (more than 3 weekdays, so ordinary holidays do not count; the NYSE-calendar check lives
 * in the market-data validation module).
 */
export function checkStoredSeries(series: BarSeries): StoredSeriesReport {
  const issues: StoredSeriesIssue[] = [];
  const n = series.length;
  const daily = isDaily(series);
  const at = (i: number) => (daily ? toIsoDate(series.time[i]) : toIsoTime(series.time[i]));
  for (let i = 0; i < n; i++) {
    const [o, h, l, c, v] = [
      series.open[i],
      series.high[i],
      series.low[i],
      series.close[i],
      series.volume[i],
    ];
    if (i > 0 && series.time[i] <= series.time[i - 1]) {
      issues.push({ kind: 'ordering', time: at(i), message: `not after ${at(i - 1)}` });
    }
    if (o <= 0 || h <= 0 || l <= 0 || c <= 0 || v < 0) {
      issues.push({
        kind: 'non-positive',
        time: at(i),
        message: `open ${o}, high ${h}, low ${l}, close ${c}, volume ${v}`,
      });
    }
    if (l > h || o < l || o > h || c < l || c > h) {
      issues.push({
        kind: 'ohlc',
        time: at(i),
        message: `open ${o}, close ${c} must lie within low ${l} and high ${h}`,
      });
    }
    if (daily && i > 0) {
      const missing = weekdaysBetween(series.time[i - 1], series.time[i]);
      if (missing > 3) {
        issues.push({
          kind: 'gap',
          time: at(i),
          message: `${missing} weekdays missing since ${at(i - 1)}`,
        });
      }
    }
  }
  return {
    symbol: series.symbol,
    bars: n,
    first: n > 0 ? at(0) : null,
    last: n > 0 ? at(n - 1) : null,
    ok: issues.length === 0,
    issues,
  };
}

function isDaily(series: BarSeries): boolean {
  for (let i = 0; i < series.length; i++) if (series.time[i] % DAY_MS !== 0) return false;
  return true;
}

/** Weekdays strictly between two UTC-midnight times. */
function weekdaysBetween(fromMs: number, toMs: number): number {
  let count = 0;
  for (let t = fromMs + DAY_MS; t < toMs; t += DAY_MS) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) count++;
  }
  return count;
}
