import { InputError } from './errors.ts';

/**
 * Columnar OHLCV series for one symbol: one Float64Array per field, so indicators and the
 * engine walk contiguous memory. Times are epoch milliseconds (UTC midnight for daily bars),
 * strictly increasing.
 */
export interface BarSeries {
  readonly symbol: string;
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Dividend- and split-adjusted close when the source has one; null otherwise. */
  readonly adjClose: Float64Array | null;
}

/** One bar, for code that wants a record rather than columns (streaming indicators, tests). */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface BarColumns {
  time: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
  adjClose?: ArrayLike<number> | null;
}

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Builds a series from columns of equal length, copying them into Float64Arrays. */
export function createBarSeries(symbol: string, columns: BarColumns): BarSeries {
  const length = columns.time.length;
  for (const field of FIELDS) {
    if (columns[field].length !== length) {
      throw new InputError(
        field,
        columns[field].length,
        `column length differs from time (${length})`,
      );
    }
  }
  if (columns.adjClose && columns.adjClose.length !== length) {
    throw new InputError(
      'adjClose',
      columns.adjClose.length,
      `column length differs from time (${length})`,
    );
  }
  return {
    symbol,
    length,
    time: Float64Array.from(columns.time),
    open: Float64Array.from(columns.open),
    high: Float64Array.from(columns.high),
    low: Float64Array.from(columns.low),
    close: Float64Array.from(columns.close),
    volume: Float64Array.from(columns.volume),
    adjClose: columns.adjClose ? Float64Array.from(columns.adjClose) : null,
  };
}

/** A bar as read from a source: a Bar plus, when the source has one, its adjusted close. */
export interface SourceBar extends Bar {
  readonly adjClose?: number;
}

/**
 * Builds a series from bar records (tests, streaming sources, parsed provider responses,
 * repaired bars). With `withAdjClose` the records' adjusted closes become the adjClose column
 * (NaN where a record has none); without it the series has no adjClose column.
 */
export function barsToSeries(
  symbol: string,
  bars: readonly SourceBar[],
  withAdjClose = false,
): BarSeries {
  return createBarSeries(symbol, {
    time: bars.map((b) => b.time),
    open: bars.map((b) => b.open),
    high: bars.map((b) => b.high),
    low: bars.map((b) => b.low),
    close: bars.map((b) => b.close),
    volume: bars.map((b) => b.volume),
    adjClose: withAdjClose ? bars.map((b) => b.adjClose ?? NaN) : null,
  });
}

/** A view of bars [start, end) sharing memory with the original series. */
export function sliceBarSeries(
  series: BarSeries,
  start: number,
  end: number = series.length,
): BarSeries {
  const from = Math.max(0, Math.min(start, series.length));
  const to = Math.max(from, Math.min(end, series.length));
  return {
    symbol: series.symbol,
    length: to - from,
    time: series.time.subarray(from, to),
    open: series.open.subarray(from, to),
    high: series.high.subarray(from, to),
    low: series.low.subarray(from, to),
    close: series.close.subarray(from, to),
    volume: series.volume.subarray(from, to),
    adjClose: series.adjClose ? series.adjClose.subarray(from, to) : null,
  };
}

/** Restricts a series to bars whose time lies in [fromMs, toMs] (inclusive). */
export function rangeBarSeries(series: BarSeries, fromMs = -Infinity, toMs = Infinity): BarSeries {
  let start = 0;
  while (start < series.length && series.time[start] < fromMs) start++;
  let end = start;
  while (end < series.length && series.time[end] <= toMs) end++;
  return sliceBarSeries(series, start, end);
}

export function barAt(series: BarSeries, index: number): Bar {
  return {
    time: series.time[index],
    open: series.open[index],
    high: series.high[index],
    low: series.low[index],
    close: series.close[index],
    volume: series.volume[index],
  };
}
