import { describe, expect, it } from 'vitest';
import { barsToSeries, type SourceBar } from './bars.ts';

const bars: SourceBar[] = [
  { time: 0, open: 10, high: 11, low: 9, close: 10.5, volume: 100, adjClose: 5.25 },
  { time: 86_400_000, open: 10.5, high: 12, low: 10, close: 11, volume: 200 },
];

describe('barsToSeries', () => {
  it('copies the records into columns and leaves adjClose out unless asked', () => {
    const series = barsToSeries('ACME', bars);
    expect(series.symbol).toBe('ACME');
    expect(series.length).toBe(2);
    expect([...series.time]).toEqual([0, 86_400_000]);
    expect([...series.high]).toEqual([11, 12]);
    expect([...series.volume]).toEqual([100, 200]);
    expect(series.adjClose).toBeNull();
  });

  it('with withAdjClose takes the adjusted closes, NaN where a record has none', () => {
    const adj = barsToSeries('ACME', bars, true).adjClose;
    expect(adj).not.toBeNull();
    expect(adj?.[0]).toBe(5.25);
    expect(adj?.[1]).toBeNaN();
  });
});
