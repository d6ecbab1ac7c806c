import type { RunDataJson } from '../api/endpoints.ts';

/**
 * The data, period and costs settings that the Backtests and Optimise forms share: what
 * the fields hold, how they are checked and how they become part of a request body.
 */
export interface RunDataFields {
  dataKind: 'demo' | 'symbols';
  /** The demo universe's seed; empty for the default. */
  demoSeed: string;
  /** Chips as typed or picked; an entry may hold a pasted list ("AAA, BBB"). */
  symbols: string[];
  from: string;
  to: string;
  costs: 'default' | 'none';
}

export type RunDataProblems = Partial<Record<'demoSeed' | 'symbols' | 'from' | 'to', string>>;

export const WHOLE_NUMBER = /^\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function newRunData(): RunDataFields {
  return { dataKind: 'demo', demoSeed: '', symbols: [], from: '', to: '', costs: 'default' };
}

/** A copy with one field changed: the field components hand their page a new value. */
export function withField<K extends keyof RunDataFields>(
  fields: RunDataFields,
  key: K,
  value: RunDataFields[K],
): RunDataFields {
  return { ...fields, [key]: value };
}

/** Pasted lists are split, symbols upper-cased and duplicates dropped. */
export function symbolList(entries: readonly string[]): string[] {
  const all = entries.flatMap((entry) => entry.split(/[\s,]+/));
  return [...new Set(all.map((s) => s.trim().toUpperCase()).filter((s) => s !== ''))];
}

/** A message per field that would be rejected; empty when all is well. */
export function runDataProblems(fields: RunDataFields): RunDataProblems {
  const problems: RunDataProblems = {};
  if (fields.demoSeed !== '' && !WHOLE_NUMBER.test(fields.demoSeed)) {
    problems.demoSeed = 'a whole number';
  }
  if (fields.from !== '' && !ISO_DATE.test(fields.from)) problems.from = 'YYYY-MM-DD';
  if (fields.to !== '' && !ISO_DATE.test(fields.to)) problems.to = 'YYYY-MM-DD';
  if (fields.dataKind === 'symbols' && symbolList(fields.symbols).length === 0) {
    problems.symbols = 'name at least one symbol';
  }
  return problems;
}

/** The request-body part these fields fill (empty fields are left out). */
export function runDataRequest(fields: RunDataFields): {
  data: RunDataJson;
  from?: string;
  to?: string;
  costs: 'default' | 'none';
} {
  return {
    data:
      fields.dataKind === 'demo'
        ? fields.demoSeed === ''
          ? { kind: 'demo' }
          : { kind: 'demo', seed: Number(fields.demoSeed) }
        : { kind: 'symbols', symbols: symbolList(fields.symbols) },
    ...(fields.from === '' ? {} : { from: fields.from }),
    ...(fields.to === '' ? {} : { to: fields.to }),
    costs: fields.costs,
  };
}
