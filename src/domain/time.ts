import { InputError } from './errors.ts';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD as UTC midnight; throws InputError naming the field otherwise. */
export function parseIsoDate(text: string, field = 'date'): number {
  const match = ISO_DATE.exec(text.trim());
  if (!match) throw new InputError(field, text, 'expected a date as YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new InputError(field, text, 'not a calendar date');
  }
  return ms;
}

/** YYYY-MM-DD of an epoch-ms time (UTC). */
export function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Full ISO-8601 timestamp of an epoch-ms time (UTC). */
export function toIsoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whole calendar days between two epoch-ms times. */
export function daysBetween(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) / DAY_MS);
}

export const TRADING_DAYS_PER_YEAR = 252;
