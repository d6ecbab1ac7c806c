/**
 * Number parsing for CSV fields without slicing them out of the line. Plain decimals with at
 * most 15 significant digits (every price and volume in Yahoo files) take Clinger's fast path:
 * the digits form an exact integer below 2^53 and 10^k (k <= 22) is exact, so one IEEE division
 * is correctly rounded and gives exactly what Number() gives. Anything else (exponents, spaces,
 * long mantissas, text) falls back to Number() on the sliced field.
 */

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_FAST_DIGITS = 15;

/** Parses text[start, end); NaN when it is not a finite number (an empty field is NaN, not 0). */
export function parseCsvNumber(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  let seenDigit = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      seenDigit = true;
      if (mantissa === 0 && c === 48) {
        // Leading zeros add no significant digits.
        if (fraction >= 0) fraction++;
        continue;
      }
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return slowNumber(text, start, end);
    }
  }
  if (!seenDigit || digits > MAX_FAST_DIGITS) return slowNumber(text, start, end);
  const scale = fraction > 0 ? fraction : 0;
  if (scale > 22) return slowNumber(text, start, end);
  const value = scale === 0 ? mantissa : mantissa / POW10[scale];
  return negative ? -value : value;
}

function slowNumber(text: string, start: number, end: number): number {
  const field = text.slice(start, end);
  if (field.trim() === '') return NaN;
  const value = Number(field);
  return Number.isFinite(value) ? value : NaN;
}
