import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { latestOccurrence, localDate, nextOccurrence, parseCron, zonedTime } from './cron.ts';

const NY = 'America/New_York';
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('cron schedules', () => {
  it('parses fields with lists, ranges, steps and names', () => {
    const c = parseCron('*/15 9-17 1,15 JAN-MAR MON-FRI');
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...c.days]).toEqual([1, 15]);
    expect([...c.months]).toEqual([1, 2, 3]);
    expect([...c.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
    expect([...parseCron('*/20 * * * * *').seconds]).toEqual([0, 20, 40]);
  });

  it('rejects malformed expressions naming the field', () => {
    expect(() => parseCron('* * * *')).toThrow(InputError);
    expect(() => parseCron('60 * * * *')).toThrow(/minute field "60": 60 is outside 0-59/);
    expect(() => parseCron('* * * * FOO')).toThrow(/day of week field/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/step/);
    expect(() => parseCron('5-1 * * * *')).toThrow(/backwards/);
  });

  it('finds the next time in New York across the DST change', () => {
    const c = parseCron('30 16 * * 1-5');
    // Friday 2024-03-08 16:30 EST = 21:30 UTC; next is Monday 03-11 16:30 EDT = 20:30 UTC.
    expect(iso(nextOccurrence(c, Date.UTC(2024, 2, 8, 12), NY))).toBe('2024-03-08T21:30:00.000Z');
    expect(iso(nextOccurrence(c, Date.UTC(2024, 2, 8, 21, 30), NY))).toBe(
      '2024-03-11T20:30:00.000Z',
    );
  });

  it('@after-close skips weekends and NYSE holidays', () => {
    const c = parseCron('@after-close');
    // Thursday 2024-07-04 is Independence Day: from the 3rd's close the next is the 5th.
    expect(iso(nextOccurrence(c, Date.UTC(2024, 6, 3, 20, 30), NY))).toBe(
      '2024-07-05T20:30:00.000Z',
    );
    // Good Friday 2024-03-29: Thursday's close, then Monday.
    expect(iso(nextOccurrence(c, Date.UTC(2024, 2, 28, 20, 31), NY))).toBe(
      '2024-04-01T20:30:00.000Z',
    );
  });

  it('a wall-clock time inside the spring-forward gap does not exist', () => {
    expect(zonedTime(2024, 3, 10, 2, 30, 0, NY)).toBeNaN();
    expect(iso(nextOccurrence(parseCron('30 2 * * *'), Date.UTC(2024, 2, 10, 0), NY))).toBe(
      '2024-03-11T06:30:00.000Z',
    );
  });

  it('latestOccurrence gives the most recent due time, and localDate its New York date', () => {
    const c = parseCron('0 * * * *');
    const due = latestOccurrence(c, Date.UTC(2024, 0, 1, 10, 5), Date.UTC(2024, 0, 1, 13, 20), NY);
    expect(iso(due)).toBe('2024-01-01T13:00:00.000Z');
    expect(latestOccurrence(c, Date.UTC(2024, 0, 1, 10, 5), Date.UTC(2024, 0, 1, 10, 50), NY)).toBe(
      null,
    );
    expect(localDate(Date.UTC(2024, 0, 2, 3), NY)).toBe(Date.UTC(2024, 0, 1));
  });

  it('rejects an unknown time zone', () => {
    expect(() => nextOccurrence(parseCron('* * * * *'), 0, 'Mars/Base')).toThrow(/time zone/);
  });
});
