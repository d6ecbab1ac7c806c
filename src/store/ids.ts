import { randomUUID } from 'node:crypto';

/** Row ids are made by the application (portable: no RETURNING, no sequences). */
export function newId(): string {
  return randomUUID();
}

/** Numbers read from BIGINT/DOUBLE columns: drivers may hand back strings; normalise here. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}
