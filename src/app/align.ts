import type { BarSeries } from '../domain/bars.ts';

/**
 * A series' closes on a calendar: the close on each calendar time where the series has a bar,
 * NaN elsewhere (before its first bar, on days it did not trade, after it ends).
 */
export function closesOnCalendar(series: BarSeries, calendar: Float64Array): Float64Array {
  const out = new Float64Array(calendar.length).fill(NaN);
  let j = 0;
  for (let i = 0; i < calendar.length; i++) {
    const t = calendar[i];
    while (j < series.length && series.time[j] < t) j++;
    if (j < series.length && series.time[j] === t) out[i] = series.close[j];
  }
  return out;
}

/** True when every time is a UTC midnight, i.e. the bars are daily or coarser. */
export function isDailyCalendar(times: ArrayLike<number>): boolean {
  for (let i = 0; i < times.length; i++) if (times[i] % 86_400_000 !== 0) return false;
  return true;
}
