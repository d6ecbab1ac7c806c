/**
 * The NYSE trading calendar for daily bars: weekends, the exchange's regular holidays with its
 * observance rules, and the unscheduled closures (mourning days, storms, 9/11). Times are epoch
 * ms; any time inside a UTC day stands for that day (daily bars are stamped at UTC midnight).
 */

const DAY_MS = 86_400_000;

export interface Holiday {
  /** UTC midnight of the closed day. */
  readonly time: number;
  readonly name: string;
}

/** What validation and the market-data layer need from a calendar (so other venues can plug in). */
export interface TradingCalendar {
  readonly name: string;
  isTradingDay(ms: number): boolean;
}

/** Closures that no rule predicts (YYYY-MM-DD -> reason). */
const SPECIAL_CLOSURES: Readonly<Record<string, string>> = {
  '1985-09-27': 'Hurricane Gloria',
  '1994-04-27': 'National day of mourning (Richard Nixon)',
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National day of mourning (Ronald Reagan)',
  '2007-01-02': 'National day of mourning (Gerald Ford)',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National day of mourning (George H. W. Bush)',
  '2025-01-09': 'National day of mourning (Jimmy Carter)',
};

/** Floors any time to UTC midnight of its day. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function weekday(ms: number): number {
  return new Date(ms).getUTCDay();
}

/** The n-th (1-based) given weekday of a month, as UTC midnight. */
function nthWeekday(year: number, month: number, day: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const offset = (day - weekday(first) + 7) % 7;
  return first + (offset + (n - 1) * 7) * DAY_MS;
}

function lastWeekday(year: number, month: number, day: number): number {
  const last = Date.UTC(year, month + 1, 0);
  const offset = (weekday(last) - day + 7) % 7;
  return last - offset * DAY_MS;
}

/** Easter Sunday (Gregorian) by the anonymous (Meeus/Jones/Butcher) computus. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** Saturday holidays move to Friday, Sunday holidays to Monday (NYSE Rule 7.2). */
function observed(ms: number): number {
  const day = weekday(ms);
  if (day === 6) return ms - DAY_MS;
  if (day === 0) return ms + DAY_MS;
  return ms;
}

function computeHolidays(year: number): Holiday[] {
  const list: Holiday[] = [];
  const add = (time: number, name: string): void => {
    if (new Date(time).getUTCFullYear() === year) list.push({ time, name });
  };
  // New Year's Day: a Sunday moves to Monday; a Saturday is NOT made up on Friday Dec 31,
  // because that Friday closes the accounting year.
  const newYear = Date.UTC(year, 0, 1);
  if (weekday(newYear) !== 6) add(observed(newYear), "New Year's Day");
  if (year >= 1998) add(nthWeekday(year, 0, 1, 3), 'Martin Luther King Jr. Day');
  add(nthWeekday(year, 1, 1, 3), "Washington's Birthday (Presidents' Day)");
  add(easterSunday(year) - 2 * DAY_MS, 'Good Friday');
  add(lastWeekday(year, 4, 1), 'Memorial Day');
  if (year >= 2022) add(observed(Date.UTC(year, 5, 19)), 'Juneteenth');
  add(observed(Date.UTC(year, 6, 4)), 'Independence Day');
  add(nthWeekday(year, 8, 1, 1), 'Labor Day');
  add(nthWeekday(year, 10, 4, 4), 'Thanksgiving Day');
  add(observed(Date.UTC(year, 11, 25)), 'Christmas Day');
  for (const [date, name] of Object.entries(SPECIAL_CLOSURES)) {
    if (Number(date.slice(0, 4)) === year) add(Date.parse(date), name);
  }
  return list.sort((x, y) => x.time - y.time);
}

const holidayCache = new Map<number, ReadonlyMap<number, string>>();

function holidayMap(year: number): ReadonlyMap<number, string> {
  let map = holidayCache.get(year);
  if (!map) {
    map = new Map(computeHolidays(year).map((h) => [h.time, h.name]));
    holidayCache.set(year, map);
  }
  return map;
}

/** Every full-day NYSE closure of a year that falls on a weekday, in date order. */
export function nyseHolidays(year: number): Holiday[] {
  return [...holidayMap(year)].map(([time, name]) => ({ time, name }));
}

/** The holiday's name when the exchange is closed for one that day, else undefined. */
export function holidayName(ms: number): string | undefined {
  const day = utcDay(ms);
  return holidayMap(new Date(day).getUTCFullYear()).get(day);
}

export function isTradingDay(ms: number): boolean {
  const day = utcDay(ms);
  const dow = weekday(day);
  if (dow === 0 || dow === 6) return false;
  return !holidayMap(new Date(day).getUTCFullYear()).has(day);
}

/** Trading days (UTC midnight) in [from, to], both inclusive. */
export function tradingDaysBetween(fromMs: number, toMs: number): number[] {
  const days: number[] = [];
  for (let day = utcDay(fromMs); day <= toMs; day += DAY_MS) {
    if (isTradingDay(day)) days.push(day);
  }
  return days;
}

/** The first trading day strictly after the day of `ms`. */
export function nextTradingDay(ms: number): number {
  let day = utcDay(ms) + DAY_MS;
  while (!isTradingDay(day)) day += DAY_MS;
  return day;
}

/** The last trading day strictly before the day of `ms`. */
export function previousTradingDay(ms: number): number {
  let day = utcDay(ms) - DAY_MS;
  while (!isTradingDay(day)) day -= DAY_MS;
  return day;
}

export const nyseCalendar: TradingCalendar = { name: 'NYSE', isTradingDay };
