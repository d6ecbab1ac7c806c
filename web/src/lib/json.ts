/** A plain JSON object (not null, not an array): what a reader of untyped API data checks first. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
