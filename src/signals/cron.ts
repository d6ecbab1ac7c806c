import { InputError } from '../domain/errors.ts';
import { isTradingDay } from '../market-data/calendar.ts';

/**
 * Cron schedules evaluated in a time zone. Five fields (minute hour day-of-month month
 * day-of-week) or six with seconds first; each field takes *, numbers, ranges (1-5), lists
 * (1,3,5), steps (*\/15, 10-40/10) and names (JAN-DEC, SUN-SAT; 7 is Sunday too). As in Vixie
 * cron, when both day fields are restricted a day matching either one is due.
 * `@after-close` is the default schedule: 16:30 New York time on NYSE trading days.
 */
export interface CronSchedule {
  readonly source: string;
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly dayRestricted: boolean;
  readonly weekdayRestricted: boolean;
  /** Skip days the NYSE is closed (weekends and holidays). */
  readonly tradingDaysOnly: boolean;
}

export const AFTER_CLOSE = '@after-close';
export const DEFAULT_TIMEZONE = 'America/New_York';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly nameBase?: number;
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY: FieldSpec = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 };
const WEEKDAY: FieldSpec = { name: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0 };

export function parseCron(text: string): CronSchedule {
  const source = text.trim();
  if (source === AFTER_CLOSE) {
    return { ...parseCron('0 30 16 * * 1-5'), source, tradingDaysOnly: true };
  }
  const parts = source.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw new InputError('cron', text, `expected 5 or 6 fields (or ${AFTER_CLOSE})`);
  }
  const fields = parts.length === 5 ? ['0', ...parts] : parts;
  const weekdays = parseField(fields[5], WEEKDAY, text);
  if (weekdays.has(7)) {
    weekdays.delete(7);
    weekdays.add(0);
  }
  return {
    source,
    seconds: parseField(fields[0], SECOND, text),
    minutes: parseField(fields[1], MINUTE, text),
    hours: parseField(fields[2], HOUR, text),
    days: parseField(fields[3], DAY, text),
    months: parseField(fields[4], MONTH, text),
    weekdays,
    dayRestricted: fields[3] !== '*' && fields[3] !== '?',
    weekdayRestricted: fields[5] !== '*' && fields[5] !== '?',
    tradingDaysOnly: false,
  };
}

function parseField(text: string, spec: FieldSpec, source: string): Set<number> {
  const out = new Set<number>();
  const fail = (why: string): never => {
    throw new InputError('cron', source, `${spec.name} field "${text}": ${why}`);
  };
  const value = (token: string): number => {
    const upper = token.toUpperCase();
    const named = spec.names?.indexOf(upper) ?? -1;
    if (named >= 0) return named + (spec.nameBase ?? 0);
    if (!/^\d+$/.test(token)) return fail(`"${token}" is not a number`);
    const n = Number(token);
    if (n < spec.min || n > spec.max) return fail(`${n} is outside ${spec.min}-${spec.max}`);
    return n;
  };
  for (const item of text.split(',')) {
    if (item === '') fail('empty list item');
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) fail('more than one /');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!(Number.isInteger(step) && step >= 1))
      fail(`step "${stepText}" must be a whole number >= 1`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = spec.min;
      to = spec.name === 'day of week' ? 6 : spec.max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = value(a);
      to = value(b);
      if (from > to) fail(`range ${range} runs backwards`);
    } else {
      from = value(range);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new InputError('timezone', timeZone, 'not an IANA time zone (e.g. America/New_York)');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws InputError unless the zone is a known IANA time zone. */
export function validateTimeZone(timeZone: string): void {
  formatter(timeZone);
}

function localParts(ms: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour,
    minute: out.minute,
    second: out.second,
  };
}

/** Offset of the zone from UTC at `ms`, in ms (New York in winter: -5 h). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant of a local wall-clock time, or NaN when it does not exist (a DST gap). */
export function zonedTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  let t = guess - offsetAt(guess, timeZone);
  const second2 = guess - offsetAt(t, timeZone);
  if (second2 !== t) t = Math.min(t, second2);
  const p = localParts(t, timeZone);
  const same =
    p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute;
  return same ? t : NaN;
}

const MAX_DAYS = 366 * 5;

/** The first due instant strictly after `afterMs`, or null when none within five years. */
export function nextOccurrence(
  schedule: CronSchedule,
  afterMs: number,
  timeZone: string,
): number | null {
  const start = localParts(afterMs, timeZone);
  const seconds = [...schedule.seconds].sort((a, b) => a - b);
  const minutes = [...schedule.minutes].sort((a, b) => a - b);
  const hours = [...schedule.hours].sort((a, b) => a - b);
  let date = Date.UTC(start.year, start.month - 1, start.day);
  for (let k = 0; k < MAX_DAYS; k++, date += 86_400_000) {
    const d = new Date(date);
    const month = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (!schedule.months.has(month) || !dayMatches(schedule, day, d.getUTCDay())) continue;
    if (schedule.tradingDaysOnly && !isTradingDay(date)) continue;
    // On the first day, wall-clock times before the start's are skipped: this keeps
    // second-level schedules cheap. (Each local time is due once, so the repeated hour of a
    // fall-back night is not due a second time.)
    const first = k === 0;
    for (const hour of hours) {
      if (first && hour < start.hour) continue;
      for (const minute of minutes) {
        if (first && hour === start.hour && minute < start.minute) continue;
        for (const second of seconds) {
          if (first && hour === start.hour && minute === start.minute && second < start.second) {
            continue;
          }
          const t = zonedTime(d.getUTCFullYear(), month, day, hour, minute, second, timeZone);
          if (t === t && t > afterMs) return t;
        }
      }
    }
  }
  return null;
}

/** The latest due instant at or before `atMs` and after `sinceMs`, or null. */
export function latestOccurrence(
  schedule: CronSchedule,
  sinceMs: number,
  atMs: number,
  timeZone: string,
): number | null {
  let due: number | null = null;
  let cursor = sinceMs;
  // Walk forward; schedules due more often than every few seconds are not supported here.
  for (let guard = 0; guard < 100_000; guard++) {
    const next = nextOccurrence(schedule, cursor, timeZone);
    if (next === null || next > atMs) return due;
    due = next;
    cursor = next;
  }
  return due;
}

function dayMatches(schedule: CronSchedule, day: number, weekday: number): boolean {
  const byDay = schedule.days.has(day);
  const byWeekday = schedule.weekdays.has(weekday);
  if (schedule.dayRestricted && schedule.weekdayRestricted) return byDay || byWeekday;
  if (schedule.dayRestricted) return byDay;
  if (schedule.weekdayRestricted) return byWeekday;
  return true;
}

/** The local calendar date (UTC midnight epoch ms) of an instant in a zone. */
export function localDate(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day);
}
