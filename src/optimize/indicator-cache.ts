import { ema } from '../indicators/ema.ts';
import { sma } from '../indicators/sma.ts';

type Compute = (values: Float64Array, period: number) => Float64Array;

const KINDS: Readonly<Record<string, Compute>> = { sma, ema };

/**
 * Indicator arrays shared by every parameter set of a sweep: SMA(20) of a series is computed
 * once per worker, whichever trials need it. Keyed by the input column's identity (a column is
 * never mutated once loaded) and the indicator's name and period. Callers must treat the
 * returned arrays as read-only.
 */
export class IndicatorCache {
  readonly #byColumn = new WeakMap<Float64Array, Map<string, Float64Array>>();
  #hits = 0;
  #misses = 0;

  get(kind: 'sma' | 'ema', values: Float64Array, period: number): Float64Array {
    let entries = this.#byColumn.get(values);
    if (!entries) {
      entries = new Map();
      this.#byColumn.set(values, entries);
    }
    const key = `${kind}:${period}`;
    const cached = entries.get(key);
    if (cached) {
      this.#hits++;
      return cached;
    }
    this.#misses++;
    const computed = KINDS[kind](values, period);
    entries.set(key, computed);
    return computed;
  }

  get stats(): { hits: number; misses: number } {
    return { hits: this.#hits, misses: this.#misses };
  }
}
