import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';

/**
 * The shared calendar of a multi-symbol run: the sorted union of every series' bar times.
 * Series usually share one calendar, so each is first compared with the union so far (one
 * linear pass) and merged only when it differs.
 */
export function unionCalendar(series: readonly BarSeries[]): Float64Array {
  let union: Float64Array = new Float64Array(0);
  for (const s of series) {
    assertIncreasing(s);
    if (union.length === 0) union = s.time.slice();
    else if (!sameTimes(union, s.time)) union = mergeSorted(union, s.time);
  }
  return union;
}

function assertIncreasing(series: BarSeries): void {
  const t = series.time;
  for (let i = 1; i < t.length; i++) {
    if (!(t[i] > t[i - 1])) {
      throw new InputError(
        'series',
        series.symbol,
        `bar times must be strictly increasing (bar ${i} is not after bar ${i - 1})`,
      );
    }
  }
}

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < na && j < nb) {
    const x = a[i];
    const y = b[j];
    if (x < y) {
      out[n++] = x;
      i++;
    } else if (y < x) {
      out[n++] = y;
      j++;
    } else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  while (i < na) out[n++] = a[i++];
  while (j < nb) out[n++] = b[j++];
  return out.slice(0, n);
}
