import { InputError } from '../domain/errors.ts';
import { parseParamArgs } from '../strategies/params.ts';

/** commander collector for repeatable `--param k=v` flags; a name given twice is an error. */
export function collectKeyValue(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const parsed = parseParamArgs([value]);
  for (const name of Object.keys(parsed)) {
    if (Object.hasOwn(previous, name)) {
      throw new InputError('param', value, `${name} is given twice`);
    }
  }
  return { ...previous, ...parsed };
}

/** Parses a numeric flag, naming the flag and the text on failure. */
export function parseNumberOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new InputError(flag, text, 'expected a number');
  }
  return value;
}

/** Splits a comma-separated list, dropping empty entries. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
