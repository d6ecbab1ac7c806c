import { InputError } from '../domain/errors.ts';

/** Throws InputError unless `value` is an integer >= `min` (periods, window lengths). */
export function assertPeriod(field: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InputError(field, value, `must be an integer >= ${min}`);
  }
}

/** Throws InputError unless `value` is a finite number within [min, max]. */
export function assertNumber(field: string, value: number, min = -Infinity, max = Infinity): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    const range =
      max === Infinity ? `>= ${min}` : min === -Infinity ? `<= ${max}` : `in [${min}, ${max}]`;
    throw new InputError(field, value, `must be a finite number ${range}`);
  }
}

/** Multi-column indicators need columns of one length; a mismatch is a caller bug worth naming. */
export function assertSameLength(first: ArrayLike<number>, ...others: ArrayLike<number>[]): void {
  for (const other of others) {
    if (other.length !== first.length) {
      throw new InputError(
        'length',
        other.length,
        `input columns differ in length (${first.length})`,
      );
    }
  }
}

/** A result array whose first `warmup` slots are NaN (the rest is written by the caller). */
export function outputArray(length: number, warmup: number): Float64Array {
  const out = new Float64Array(length);
  out.fill(NaN, 0, Math.min(warmup, length));
  return out;
}
