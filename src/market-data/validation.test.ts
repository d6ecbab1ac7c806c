import { describe, expect, it } from 'vitest';
import { barsToSeries } from '../domain/bars.ts';
import type { Bar } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { loadCsvFile } from './csv.ts';
import { validateSeries } from './validation.ts';

const d = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const bar = (
  date: string,
  open: number,
  high: number,
  low: number,
  close: number,
  volume = 1000,
): Bar => ({
  time: d(date),
  open,
  high,
  low,
  close,
  volume,
});

/** A clean week of January 2024 (Tue 2 .. Mon 8). */
const clean = (): Bar[] => [
  bar('2024-01-02', 10, 10.5, 9.8, 10.2),
  bar('2024-01-03', 10.2, 10.4, 9.9, 10),
  bar('2024-01-04', 10, 10.1, 9.5, 9.6),
  bar('2024-01-05', 9.6, 9.9, 9.4, 9.85),
  bar('2024-01-08', 9.9, 10.3, 9.85, 10.25),
];

describe('validateSeries', () => {
  it('accepts the real ORCL 1995-2014 file in strict mode with no issue at all', async () => {
    const series = await loadCsvFile(sharedDataPath('orcl-1995-2014.txt'));
    const result = validateSeries(series, { mode: 'strict' });
    expect(result).toMatchObject({ ok: true, issues: [], changes: [] });
  });

  it('does not count holidays as gaps, but reports missing sessions', () => {
    // Fri 2024-01-12 -> Tue 2024-01-16 spans MLK day: no gap. Wed 17 -> Fri 19 misses Thu 18.
    const series = barsToSeries('X', [
      bar('2024-01-12', 10, 11, 9, 10),
      bar('2024-01-16', 10, 11, 9, 10),
      bar('2024-01-17', 10, 11, 9, 10),
      bar('2024-01-19', 10, 11, 9, 10),
    ]);
    const result = validateSeries(series, { mode: 'strict' });
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([
      {
        index: 3,
        time: d('2024-01-19'),
        field: 'time',
        kind: 'gap',
        severity: 'warning',
        message: '1 trading day(s) missing before 2024-01-19: 2024-01-18',
      },
    ]);
  });

  it('strict mode throws an InputError naming the first problem', () => {
    const bars = clean();
    bars[2] = bar('2024-01-04', 10, 9.7, 9.5, 9.6); // high below open
    const series = barsToSeries('ACME', bars);
    expect(() => validateSeries(series, { mode: 'strict' })).toThrow(InputError);
    expect(() => validateSeries(series, { mode: 'strict' })).toThrow(
      'ACME bar 2 high: ohlc-inconsistent: high 9.7 is below 10 on 2024-01-04 (got 9.7)',
    );
  });

  it('repair mode fixes every kind of problem and reports each change', () => {
    const bars: Bar[] = [
      bar('2024-01-03', 10.2, 10.4, 9.9, 10), // out of order
      bar('2024-01-02', 10, 10.5, 9.8, 10.2),
      bar('2024-01-03', 99, 99, 99, 99), // duplicate
      bar('2024-01-04', 10, 9.7, 9.5, 9.6), // high too low
      bar('2024-01-05', 9.6, 9.9, -1, 9.85), // negative low
      bar('2024-01-06', 9.6, 9.9, 9.4, 9.85), // Saturday
      bar('2024-01-08', 9.9, 10.3, 9.85, 10.25, -5), // negative volume
      bar('2024-01-09', 10.2, 30, 10.1, 29), // spike, reverted next day
      bar('2024-01-10', 10.3, 10.6, 10.1, 10.4),
    ];
    const result = validateSeries(barsToSeries('ACME', bars), { mode: 'repair' });
    expect(result.ok).toBe(false);
    const kinds = result.issues.filter((i) => i.severity === 'error').map((i) => i.kind);
    expect(kinds).toEqual([
      'out-of-order',
      'duplicate',
      'ohlc-inconsistent',
      'non-positive',
      'non-trading-day',
      'non-positive',
      'spike',
    ]);
    expect(result.changes.map((c) => `${c.action} ${c.field} ${c.kind}`)).toEqual([
      'sorted time out-of-order',
      'removed time duplicate',
      'set high ohlc-inconsistent',
      'removed bar non-positive',
      'removed time non-trading-day',
      'set volume non-positive',
      'removed close spike',
    ]);
    const repaired = result.repaired!;
    expect(Array.from(repaired.time, iso)).toEqual([
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-08',
      '2024-01-10',
    ]);
    expect(repaired.high[2]).toBe(10);
    expect(repaired.volume[3]).toBe(0);
    expect(repaired.close[1]).toBe(10); // the first of the duplicates was kept
    // Removing 2024-01-05 left a gap, reported as a warning.
    expect(result.issues.filter((i) => i.kind === 'gap').map((i) => i.message)).toEqual([
      '1 trading day(s) missing before 2024-01-08: 2024-01-05',
      '1 trading day(s) missing before 2024-01-10: 2024-01-09',
    ]);
    // Every repaired bar is consistent.
    expect(() =>
      validateSeries(
        barsToSeries(
          'ACME',
          [...Array(repaired.length).keys()].map((i) => ({
            time: repaired.time[i],
            open: repaired.open[i],
            high: repaired.high[i],
            low: repaired.low[i],
            close: repaired.close[i],
            volume: repaired.volume[i],
          })),
        ),
        { mode: 'strict' },
      ),
    ).not.toThrow();
  });

  it('adjusts history for a provider split still visible in the prices', () => {
    const bars = [
      bar('2024-01-02', 40, 41, 39.5, 40.8, 50000),
      bar('2024-01-03', 40.8, 41.2, 40.1, 40.6, 60000),
      bar('2024-01-04', 20.3, 20.7, 20.1, 20.5, 130000),
      bar('2024-01-05', 20.5, 20.9, 20.2, 20.8, 110000),
    ];
    const splits = [{ time: d('2024-01-04'), ratio: 2 }];
    expect(() => validateSeries(barsToSeries('SPLT', bars), { mode: 'strict', splits })).toThrow(
      /split-unadjusted/,
    );
    const result = validateSeries(barsToSeries('SPLT', bars), { mode: 'repair', splits });
    expect(Array.from(result.repaired!.close)).toEqual([20.4, 20.3, 20.5, 20.8]);
    expect(Array.from(result.repaired!.volume)).toEqual([100000, 120000, 130000, 110000]);
    expect(result.changes).toEqual([
      expect.objectContaining({
        index: 2,
        kind: 'split-unadjusted',
        action: 'adjusted',
        message:
          'divided prices of 2 bars before the 2:1 split on 2024-01-04 by 2, multiplied volume by 2',
      }),
    ]);
    // Already adjusted data (as Yahoo sends it) is left alone.
    const adjusted = validateSeries(result.repaired!, { mode: 'strict', splits });
    expect(adjusted.issues).toEqual([]);
  });

  it('flags a suspected split without an event and a suspicious jump, without changing them', () => {
    const bars = [
      bar('2024-01-02', 30, 30.5, 29.5, 30),
      bar('2024-01-03', 10.1, 10.3, 9.9, 10.1), // 3:1 step, no event, not reverted
      bar('2024-01-04', 10.1, 10.3, 9.9, 10.2),
      bar('2024-01-05', 10.2, 17, 10.2, 16.5), // +62 %, stays
      bar('2024-01-08', 16.5, 17, 16, 16.8),
    ];
    const result = validateSeries(barsToSeries('X', bars), { mode: 'repair' });
    expect(result.ok).toBe(true);
    expect(result.issues.map((i) => `${i.kind}@${i.index}`)).toEqual([
      'split-suspected@1',
      'suspicious-jump@3',
    ]);
    expect(result.issues[0].message).toBe('price steps by 3:1 on 2024-01-03 with no split event');
    expect(result.changes).toEqual([]);
  });

  it('skips calendar checks for intraday series or when the calendar is null', () => {
    const weekend = barsToSeries('X', [
      bar('2024-01-06', 1, 1, 1, 1),
      bar('2024-01-07', 1, 1, 1, 1),
    ]);
    expect(validateSeries(weekend, { mode: 'strict', calendar: null }).issues).toEqual([]);
    const intraday = barsToSeries('X', [
      { time: d('2024-01-06T10:00:00Z'), open: 1, high: 1, low: 1, close: 1, volume: 1 },
      { time: d('2024-01-06T10:05:00Z'), open: 1, high: 1, low: 1, close: 1, volume: 1 },
    ]);
    expect(validateSeries(intraday, { mode: 'strict' }).issues).toEqual([]);
  });
});
