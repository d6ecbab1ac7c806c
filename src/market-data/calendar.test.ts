import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import {
  easterSunday,
  holidayName,
  isTradingDay,
  nextTradingDay,
  nyseHolidays,
  previousTradingDay,
  tradingDaysBetween,
} from './calendar.ts';

const d = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('NYSE calendar', () => {
  it('computes Easter by the Gregorian computus', () => {
    expect(iso(easterSunday(2000))).toBe('2000-04-23');
    expect(iso(easterSunday(2008))).toBe('2008-03-23');
    expect(iso(easterSunday(2019))).toBe('2019-04-21');
    expect(iso(easterSunday(2024))).toBe('2024-03-31');
    expect(iso(easterSunday(2038))).toBe('2038-04-25');
  });

  it('lists the 2024 holidays as published by NYSE', () => {
    expect(nyseHolidays(2024).map((h) => iso(h.time))).toEqual([
      '2024-01-01',
      '2024-01-15',
      '2024-02-19',
      '2024-03-29',
      '2024-05-27',
      '2024-06-19',
      '2024-07-04',
      '2024-09-02',
      '2024-11-28',
      '2024-12-25',
    ]);
  });

  it('applies the observance rules', () => {
    // Sunday New Year -> Monday; Saturday New Year -> no Friday closure.
    expect(isTradingDay(d('2017-01-02'))).toBe(false);
    expect(isTradingDay(d('2021-12-31'))).toBe(true);
    expect(holidayName(d('2022-01-03'))).toBeUndefined();
    // Independence Day on Saturday -> Friday 3rd; on Sunday -> Monday 5th.
    expect(isTradingDay(d('2020-07-03'))).toBe(false);
    expect(isTradingDay(d('2021-07-05'))).toBe(false);
    // Christmas on Saturday 2021 -> Friday 24th.
    expect(isTradingDay(d('2021-12-24'))).toBe(false);
    // Juneteenth only from 2022; 2022-06-19 was a Sunday -> Monday 20th.
    expect(isTradingDay(d('2021-06-18'))).toBe(true);
    expect(isTradingDay(d('2022-06-20'))).toBe(false);
    // MLK day only from 1998.
    expect(isTradingDay(d('1997-01-20'))).toBe(true);
    expect(isTradingDay(d('1998-01-19'))).toBe(false);
  });

  it('knows the special closures', () => {
    for (const date of [
      '2001-09-11',
      '2001-09-14',
      '2004-06-11',
      '2007-01-02',
      '2012-10-29',
      '2012-10-30',
      '2018-12-05',
      '2025-01-09',
    ]) {
      expect(isTradingDay(d(date)), date).toBe(false);
    }
    expect(holidayName(d('2012-10-29'))).toBe('Hurricane Sandy');
    expect(isTradingDay(d('2001-09-17'))).toBe(true);
  });

  it('skips weekends and holidays when stepping', () => {
    expect(iso(nextTradingDay(d('2024-03-28')))).toBe('2024-04-01');
    expect(iso(previousTradingDay(d('2024-04-01')))).toBe('2024-03-28');
    expect(iso(nextTradingDay(d('2024-12-24T15:00:00Z')))).toBe('2024-12-26');
    expect(tradingDaysBetween(d('2024-12-23'), d('2024-12-31')).map(iso)).toEqual([
      '2024-12-23',
      '2024-12-24',
      '2024-12-26',
      '2024-12-27',
      '2024-12-30',
      '2024-12-31',
    ]);
    // 2023 had 250 NYSE sessions.
    expect(tradingDaysBetween(d('2023-01-01'), d('2023-12-31'))).toHaveLength(250);
  });

  it('matches every date of the ORCL 1995-2014 daily file, with no missing session', () => {
    const lines = readFileSync(sharedDataPath('orcl-1995-2014.txt'), 'utf8').trim().split('\n');
    const dates = lines.slice(1).map((line) => Date.parse(line.slice(0, 10)));
    expect(dates).toHaveLength(5036);
    expect(dates.filter((t) => !isTradingDay(t)).map(iso)).toEqual([]);
    const expected = tradingDaysBetween(dates[0], dates[dates.length - 1]);
    const present = new Set(dates);
    expect(expected.filter((t) => !present.has(t)).map(iso)).toEqual([]);
    expect(expected).toHaveLength(dates.length);
  });
});
