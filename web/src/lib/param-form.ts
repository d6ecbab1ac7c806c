/**
 * Strategy parameter forms are generated from the catalogue's param specs. This module holds
 * the pure part: initial values, inline validation messages and the typed object the API gets.
 * No Vue or DOM here, so it is unit-tested in Node.
 */

export interface ParamSpecJson {
  readonly name: string;
  readonly type: 'integer' | 'number' | 'boolean' | 'enum' | string;
  readonly default: unknown;
  readonly min?: number | null;
  readonly max?: number | null;
  readonly values?: readonly string[];
  readonly description: string;
}

/** What a form field holds: text as typed for numbers, booleans and enum choices as such. */
export type FieldValue = string | boolean;

export type ParamValue = string | number | boolean;

export function initialValues(
  specs: readonly ParamSpecJson[],
  saved: Readonly<Record<string, unknown>> = {},
): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const spec of specs) {
    const source = spec.name in saved ? saved[spec.name] : spec.default;
    values[spec.name] = spec.type === 'boolean' ? source === true : String(source ?? '');
  }
  return values;
}

/** The inline message for one field, or null when the value is acceptable. */
export function fieldError(spec: ParamSpecJson, value: FieldValue): string | null {
  if (spec.type === 'boolean') return typeof value === 'boolean' ? null : 'choose yes or no';
  const text = String(value).trim();
  if (spec.type === 'enum') {
    const choices = spec.values ?? [];
    return choices.includes(text) ? null : `choose one of ${choices.join(', ')}`;
  }
  if (text === '') return 'required';
  const number = Number(text);
  if (!Number.isFinite(number)) return `"${text}" is not a number`;
  if (spec.type === 'integer' && !Number.isInteger(number)) return 'must be a whole number';
  if (spec.min !== undefined && spec.min !== null && number < spec.min) {
    return `must be at least ${spec.min}`;
  }
  if (spec.max !== undefined && spec.max !== null && number > spec.max) {
    return `must be at most ${spec.max}`;
  }
  return null;
}

export function formErrors(
  specs: readonly ParamSpecJson[],
  values: Readonly<Record<string, FieldValue>>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const spec of specs) {
    const problem = fieldError(spec, values[spec.name] ?? '');
    if (problem !== null) errors[spec.name] = problem;
  }
  return errors;
}

/** The params object for the API; throws when a field is invalid (call formErrors first). */
export function toParams(
  specs: readonly ParamSpecJson[],
  values: Readonly<Record<string, FieldValue>>,
): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const value = values[spec.name] ?? '';
    const problem = fieldError(spec, value);
    if (problem !== null) throw new Error(`${spec.name}: ${problem}`);
    if (spec.type === 'boolean') params[spec.name] = value === true;
    else if (spec.type === 'enum') params[spec.name] = String(value).trim();
    else params[spec.name] = Number(String(value).trim());
  }
  return params;
}

/** A one-line hint under a field: the description plus its range. */
export function fieldHint(spec: ParamSpecJson): string {
  const range =
    spec.min !== undefined && spec.min !== null && spec.max !== undefined && spec.max !== null
      ? ` (${spec.min} to ${spec.max})`
      : '';
  return `${spec.description}${range}`;
}
