import { InputError } from '../domain/errors.ts';
import { assertSameLength } from './checks.ts';

export type PivotMethod = 'classic' | 'fibonacci' | 'camarilla' | 'woodie';
export type PivotPeriod = 'day' | 'week' | 'month';

export const PIVOT_METHODS: readonly PivotMethod[] = [
  'classic',
  'fibonacci',
  'camarilla',
  'woodie',
];
export const PIVOT_PERIODS: readonly PivotPeriod[] = ['day', 'week', 'month'];

export interface PivotLevels {
  pivot: number;
  r1: number;
  r2: number;
  r3: number;
  s1: number;
  s2: number;
  s3: number;
  /** Camarilla only: the outer breakout levels. */
  r4?: number;
  s4?: number;
}

/**
 * Pivot points: support (s1..s3) and resistance (r1..r3) levels for the coming period from the
 * previous period's high H, low L and close C. R = H - L.
 *
 * - classic (floor): P = (H + L + C) / 3; r1 = 2P - L, s1 = 2P - H; r2 = P + R, s2 = P - R;
 *   r3 = H + 2(P - L), s3 = L - 2(H - P).
 * - fibonacci: P as classic; r1/r2/r3 = P + 0.382R / 0.618R / 1.000R, s1/s2/s3 = P - the same.
 * - camarilla: P as classic; r_n = C + R * 1.1 / d_n, s_n = C - R * 1.1 / d_n with
 *   d = 12, 6, 4, 2 for levels 1..4 (r4/s4 are returned too).
 * - woodie: P = (H + L + 2 * O) / 4 where O is the OPEN OF THE CURRENT period (the period the
 *   levels are for: the first bar's open, known when the period starts); r1..s3 as classic
 *   with this P. `open` is ignored by the other methods.
 *
 * Reading them: the pivot is the period's balance point; trading above it is bullish. R1/S1
 * are the first targets or turning points, R2/S2 and R3/S3 mark stretched moves.
 */
export function pivotLevels(
  high: number,
  low: number,
  close: number,
  open: number,
  method: PivotMethod,
): PivotLevels {
  const range = high - low;
  switch (method) {
    case 'classic':
      return floorLevels((high + low + close) / 3, high, low);
    case 'woodie':
      return floorLevels((high + low + 2 * open) / 4, high, low);
    case 'fibonacci': {
      const pivot = (high + low + close) / 3;
      return {
        pivot,
        r1: pivot + 0.382 * range,
        r2: pivot + 0.618 * range,
        r3: pivot + range,
        s1: pivot - 0.382 * range,
        s2: pivot - 0.618 * range,
        s3: pivot - range,
      };
    }
    case 'camarilla': {
      const pivot = (high + low + close) / 3;
      const step = range * 1.1;
      return {
        pivot,
        r1: close + step / 12,
        r2: close + step / 6,
        r3: close + step / 4,
        s1: close - step / 12,
        s2: close - step / 6,
        s3: close - step / 4,
        r4: close + step / 2,
        s4: close - step / 2,
      };
    }
    default:
      throw new InputError('method', method, `expected one of ${PIVOT_METHODS.join(', ')}`);
  }
}

function floorLevels(pivot: number, high: number, low: number): PivotLevels {
  return {
    pivot,
    r1: 2 * pivot - low,
    r2: pivot + (high - low),
    r3: high + 2 * (pivot - low),
    s1: 2 * pivot - high,
    s2: pivot - (high - low),
    s3: low - 2 * (high - pivot),
  };
}

const DAY_MS = 86_400_000;

/**
 * Identifies the period a bar belongs to (UTC): calendar day, ISO week (Monday to Sunday)
 * or calendar month. For daily bars "day" is simply the bar itself.
 */
export function periodKey(time: number, period: PivotPeriod): number {
  const day = Math.floor(time / DAY_MS);
  if (period === 'day') return day;
  // 1970-01-01 was a Thursday; shifting by 3 days makes weeks start on Monday.
  if (period === 'week') return Math.floor((day + 3) / 7);
  if (period === 'month') {
    const date = new Date(time);
    return date.getUTCFullYear() * 12 + date.getUTCMonth();
  }
  throw new InputError('period', period, `expected one of ${PIVOT_PERIODS.join(', ')}`);
}

export interface PeriodPivotLines {
  pivot: Float64Array;
  r1: Float64Array;
  r2: Float64Array;
  r3: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
  s3: Float64Array;
  /** Camarilla only. */
  r4?: Float64Array;
  s4?: Float64Array;
}

const LEVEL_KEYS = ['pivot', 'r1', 'r2', 'r3', 's1', 's2', 's3'] as const;

/**
 * Pivot levels per bar from the LAST COMPLETED period before the bar's period (previous day,
 * ISO week or month, by UTC calendar): the period's high, low and last close, and for woodie
 * the open of the bar's own period (its first bar). NaN until the first period in the data has
 * completed; that first period counts as complete even if the data starts inside it.
 * Causal: the value at t uses no bar after t.
 */
export function periodPivots(
  time: Float64Array,
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  method: PivotMethod,
  period: PivotPeriod,
): PeriodPivotLines {
  assertSameLength(time, open, high, low, close);
  checkPivotChoice(method, period);
  const n = time.length;
  const lines: PeriodPivotLines = {
    pivot: new Float64Array(n),
    r1: new Float64Array(n),
    r2: new Float64Array(n),
    r3: new Float64Array(n),
    s1: new Float64Array(n),
    s2: new Float64Array(n),
    s3: new Float64Array(n),
  };
  if (method === 'camarilla') {
    lines.r4 = new Float64Array(n);
    lines.s4 = new Float64Array(n);
  }
  const stream = new PeriodPivotsStream(method, period);
  // The per-period work is tiny; batch and stream share the exact same code path here.
  for (let i = 0; i < n; i++) {
    const levels = stream.update(time[i], open[i], high[i], low[i], close[i]);
    for (const key of LEVEL_KEYS) lines[key][i] = levels[key];
    if (lines.r4 && lines.s4) {
      lines.r4[i] = levels.r4 ?? NaN;
      lines.s4[i] = levels.s4 ?? NaN;
    }
  }
  return lines;
}

function checkPivotChoice(method: PivotMethod, period: PivotPeriod): void {
  if (!PIVOT_METHODS.includes(method)) {
    throw new InputError('method', method, `expected one of ${PIVOT_METHODS.join(', ')}`);
  }
  if (!PIVOT_PERIODS.includes(period)) {
    throw new InputError('period', period, `expected one of ${PIVOT_PERIODS.join(', ')}`);
  }
}

function emptyLevels(method: PivotMethod): PivotLevels {
  const levels: PivotLevels = { pivot: NaN, r1: NaN, r2: NaN, r3: NaN, s1: NaN, s2: NaN, s3: NaN };
  if (method === 'camarilla') {
    levels.r4 = NaN;
    levels.s4 = NaN;
  }
  return levels;
}

export class PeriodPivotsStream {
  private readonly method: PivotMethod;
  private readonly period: PivotPeriod;
  private key = NaN;
  private high = NaN;
  private low = NaN;
  private close = NaN;
  private levels: PivotLevels;

  constructor(method: PivotMethod = 'classic', period: PivotPeriod = 'day') {
    checkPivotChoice(method, period);
    this.method = method;
    this.period = period;
    this.levels = emptyLevels(method);
  }

  /** Levels in force for this bar (a copy; NaN until a period has completed). */
  update(time: number, open: number, high: number, low: number, close: number): PivotLevels {
    const key = periodKey(time, this.period);
    if (key !== this.key) {
      if (!Number.isNaN(this.key)) {
        this.levels = pivotLevels(this.high, this.low, this.close, open, this.method);
      }
      this.key = key;
      this.high = high;
      this.low = low;
    } else {
      if (high > this.high) this.high = high;
      if (low < this.low) this.low = low;
    }
    this.close = close;
    return { ...this.levels };
  }
}
