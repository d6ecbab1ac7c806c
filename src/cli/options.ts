import { InputError } from '../domain/errors.ts';

/** commander collector for repeatable `--param k=v` flags. */
export function collectKeyValue(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InputError('param', value, 'expected name=value');
  const name = value.slice(0, eq).trim();
  if (Object.hasOwn(previous, name)) throw new InputError('param', value, `${name} is given twice`);
  return { ...previous, [name]: value.slice(eq + 1).trim() };
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
