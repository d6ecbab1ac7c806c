/**
 * JSON columns are text in every dialect (LONGTEXT on MySQL): repositories serialise on the
 * way in and parse on the way out, so the same values come back from all three databases.
 */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('value cannot be stored as JSON');
  return text;
}

export function fromJsonText<T = unknown>(text: string): T {
  return JSON.parse(text) as T;
}

export function fromNullableJsonText<T = unknown>(text: string | null): T | null {
  return text === null ? null : fromJsonText<T>(text);
}
