import { describe, expect, it } from 'vitest';
import { createBarSeries } from '../../domain/bars.ts';
import { barsResponseText } from './market-data.ts';

describe('barsResponseText', () => {
  it('writes exactly what JSON.stringify writes for the row objects', () => {
    const series = createBarSeries('AC"ME', {
      time: Float64Array.from([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3) + 3_600_000]),
      open: Float64Array.from([1.1, 0.1 + 0.2]),
      high: Float64Array.from([2, 1e21]),
      low: Float64Array.from([0.5, 1e-7]),
      close: Float64Array.from([1.5, NaN]),
      volume: Float64Array.from([1000, 0]),
    });
    const expected = JSON.stringify({
      symbol: 'AC"ME',
      bars: [
        { time: '2024-01-02', open: 1.1, high: 2, low: 0.5, close: 1.5, volume: 1000 },
        {
          time: new Date(Date.UTC(2024, 0, 3) + 3_600_000).toISOString(),
          open: 0.1 + 0.2,
          high: 1e21,
          low: 1e-7,
          close: NaN,
          volume: 0,
        },
      ],
    });
    expect(barsResponseText('AC"ME', series)).toBe(expected);
  });
});
