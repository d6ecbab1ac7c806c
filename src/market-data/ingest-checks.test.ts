import { describe, it, expect } from 'vitest';
import { createBarSeries } from '../domain/bars.ts';
import { checkStoredSeries } from './ingest-checks.ts';

const DAY = 86_400_000;
const MON = Date.UTC(2020, 0, 6);

function series(
  time: number[],
  overrides: Partial<Record<'open' | 'high' | 'low' | 'close' | 'volume', number[]>> = {},
) {
  const n = time.length;
  const fill = (v: number) => Array.from({ length: n }, () => v);
  return createBarSeries('T', {
    time,
    open: overrides.open ?? fill(10),
    high: overrides.high ?? fill(11),
    low: overrides.low ?? fill(9),
    close: overrides.close ?? fill(10.5),
    volume: overrides.volume ?? fill(100),
  });
}

describe('checkStoredSeries', () => {
  it('accepts a clean week and counts a long weekend as no gap', () => {
    const report = checkStoredSeries(series([MON, MON + DAY, MON + 4 * DAY, MON + 7 * DAY]));
    expect(report).toMatchObject({ ok: true, bars: 4, first: '2020-01-06', last: '2020-01-13' });
  });

  it('flags ordering, OHLC, non-positive values and long gaps', () => {
    const report = checkStoredSeries(
      series([MON, MON, MON + 2 * DAY, MON + 14 * DAY], {
        high: [11, 11, 8, 11],
        close: [10.5, 10.5, 10.5, -1],
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => [i.kind, i.time])).toEqual([
      ['ordering', '2020-01-06'],
      ['ohlc', '2020-01-08'],
      ['non-positive', '2020-01-20'],
      ['ohlc', '2020-01-20'],
      ['gap', '2020-01-20'],
    ]);
  });
});
