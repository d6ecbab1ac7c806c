import { InputError } from '../domain/errors.ts';

/**
 * Equal-weight buy-and-hold equity from several symbols' closes aligned to one calendar (NaN
 * where a symbol has no bar). Starts at 1: each of the k symbols gets 1/k of the capital,
 * bought at its first usable close (finite and > 0); until then that share sits in cash, and a
 * missing close later carries the last usable one forward. Value[t] = sum over symbols of
 * (1/k) x close[t] / firstClose. A symbol that never trades stays cash throughout.
 */
export function equalWeightBuyAndHold(closes: readonly ArrayLike<number>[]): Float64Array {
  const k = closes.length;
  const n = k > 0 ? closes[0].length : 0;
  const out = new Float64Array(n);
  if (k === 0) return out;
  closes.forEach((series, s) => {
    if (series.length !== n)
      throw new InputError(`closes[${s}]`, series.length, `expected ${n} values`);
  });
  for (let s = 0; s < k; s++) {
    const series = closes[s];
    let first = NaN;
    let last = NaN;
    for (let t = 0; t < n; t++) {
      const c = series[t];
      if (Number.isFinite(c) && c > 0) {
        if (Number.isNaN(first)) first = c;
        last = c;
      }
      out[t] += Number.isNaN(first) ? 1 / k : last / first / k;
    }
  }
  return out;
}
