/**
 * An error caused by what the user gave us (a file, a flag, a parameter, a request body).
 * It always names the field and the offending value, so the CLI can print one line and exit 2
 * and the API can answer 400 without guessing.
 */
export class InputError extends Error {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, problem: string) {
    super(`${field}: ${problem} (got ${formatValue(value)})`);
    this.name = 'InputError';
    this.field = field;
    this.value = value;
  }
}

/** Renders a value for an error message: quoted strings, short JSON for the rest. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? text.slice(0, 77) + '...' : text;
  } catch {
    return String(value);
  }
}
