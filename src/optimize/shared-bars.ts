import type { BarSeries } from '../domain/bars.ts';

/**
 * Bars packed into one SharedArrayBuffer per symbol, so worker threads read the same memory
 * instead of receiving copies: posting a SharedArrayBuffer passes a handle, not the bytes.
 * Layout: time, open, high, low, close, volume[, adjClose], each `length` float64s.
 */
export interface SharedSeries {
  readonly symbol: string;
  readonly length: number;
  readonly hasAdjClose: boolean;
  readonly buffer: SharedArrayBuffer;
}

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

export function shareSeries(series: BarSeries): SharedSeries {
  const columns = COLUMNS.length + (series.adjClose ? 1 : 0);
  const buffer = new SharedArrayBuffer(columns * series.length * 8);
  COLUMNS.forEach((name, c) => {
    new Float64Array(buffer, c * series.length * 8, series.length).set(series[name]);
  });
  if (series.adjClose) {
    new Float64Array(buffer, COLUMNS.length * series.length * 8, series.length).set(
      series.adjClose,
    );
  }
  return { symbol: series.symbol, length: series.length, hasAdjClose: !!series.adjClose, buffer };
}

/** Views over the shared memory (no copy); treat them as read-only. */
export function viewSharedSeries(shared: SharedSeries): BarSeries {
  const n = shared.length;
  const column = (c: number) => new Float64Array(shared.buffer, c * n * 8, n);
  return {
    symbol: shared.symbol,
    length: n,
    time: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
    adjClose: shared.hasAdjClose ? column(6) : null,
  };
}
