/**
 * Reference tests: every indicator against values computed here by the direct textbook
 * formula (fresh sums over each window, recursive definitions), on real daily files.
 */
import { describe, expect, it } from 'vitest';
import { loadShared, type Ohlcv } from '../../test/fixtures/indicators/ohlcv.ts';
import {
  adx,
  atr,
  bollinger,
  donchian,
  ema,
  highest,
  lowest,
  macd,
  obv,
  periodPivots,
  pivotLevels,
  roc,
  rsi,
  sma,
  stddev,
  stochastic,
  swingLevels,
  trueRange,
  volumeAverage,
  wma,
} from './index.ts';
import type { PivotMethod, PivotPeriod } from './index.ts';

const FILES = ['orcl-1995-2014.txt', 'nvda-1999-2014.txt'];
const RELATIVE = 1e-9;

type Expected = ArrayLike<number>;

/** Same NaN positions; elsewhere equal to 1e-9 relative (values near 0 judged at 1e-3 scale). */
function expectClose(actual: Float64Array, expected: Expected, label: string): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i];
    const got = actual[i];
    if (Number.isNaN(want)) {
      if (!Number.isNaN(got)) throw new Error(`${label}[${i}]: expected NaN, got ${got}`);
      continue;
    }
    const error = Math.abs(got - want) / Math.max(Math.abs(want), 1e-3);
    if (!(error <= RELATIVE)) throw new Error(`${label}[${i}]: expected ${want}, got ${got}`);
    worst = Math.max(worst, error);
  }
  expect(worst).toBeLessThanOrEqual(RELATIVE);
}

function nanArray(n: number): number[] {
  return Array.from({ length: n }, () => NaN);
}

function windowOf(values: Expected, end: number, period: number): number[] {
  return Array.from({ length: period }, (_, j) => values[end - period + 1 + j]);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function naiveSma(values: Expected, period: number): number[] {
  const out = nanArray(values.length);
  for (let t = period - 1; t < values.length; t++) out[t] = mean(windowOf(values, t, period));
  return out;
}

/** EMA by its recursive definition, seeded at `seedIndex` with the mean of the `period` values ending there. */
function naiveEma(values: Expected, period: number, seedIndex = period - 1): number[] {
  const out = nanArray(values.length);
  if (values.length <= seedIndex) return out;
  const alpha = 2 / (period + 1);
  out[seedIndex] = mean(windowOf(values, seedIndex, period));
  for (let t = seedIndex + 1; t < values.length; t++) {
    out[t] = alpha * values[t] + (1 - alpha) * out[t - 1];
  }
  return out;
}

function naiveStddev(values: Expected, period: number): number[] {
  const out = nanArray(values.length);
  for (let t = period - 1; t < values.length; t++) {
    const w = windowOf(values, t, period);
    const m = mean(w);
    out[t] = Math.sqrt(w.reduce((acc, x) => acc + (x - m) ** 2, 0) / period);
  }
  return out;
}

function naiveTrueRange(d: Ohlcv): number[] {
  return Array.from(d.close, (_, t) =>
    t === 0
      ? d.high[0] - d.low[0]
      : Math.max(
          d.high[t] - d.low[t],
          Math.abs(d.high[t] - d.close[t - 1]),
          Math.abs(d.low[t] - d.close[t - 1]),
        ),
  );
}

/** Wilder's smoothing of xs[1..]: mean of xs[1..period] at index period, then (prev*(n-1)+x)/n. */
function naiveWilderAverage(xs: number[], period: number): number[] {
  const out = nanArray(xs.length);
  if (xs.length <= period) return out;
  out[period] = mean(xs.slice(1, period + 1));
  for (let t = period + 1; t < xs.length; t++)
    out[t] = (out[t - 1] * (period - 1) + xs[t]) / period;
  return out;
}

for (const file of FILES) {
  describe(`indicators against textbook formulas on ${file}`, () => {
    const d = loadShared(file);
    const n = d.close.length;

    it('sma, wma, ema', () => {
      for (const period of [1, 5, 20, 200]) {
        expectClose(sma(d.close, period), naiveSma(d.close, period), `sma(${period})`);
        expectClose(ema(d.close, period), naiveEma(d.close, period), `ema(${period})`);
        const weights = Array.from({ length: period }, (_, j) => j + 1);
        const divisor = weights.reduce((a, b) => a + b, 0);
        const expected = nanArray(n);
        for (let t = period - 1; t < n; t++) {
          const w = windowOf(d.close, t, period);
          expected[t] = w.reduce((acc, x, j) => acc + x * weights[j], 0) / divisor;
        }
        expectClose(wma(d.close, period), expected, `wma(${period})`);
      }
    });

    it('population standard deviation and Bollinger Bands', () => {
      for (const period of [2, 20, 50]) {
        expectClose(stddev(d.close, period), naiveStddev(d.close, period), `stddev(${period})`);
      }
      const bands = bollinger(d.close, 20, 2.5);
      const mid = naiveSma(d.close, 20);
      const sd = naiveStddev(d.close, 20);
      expectClose(bands.middle, mid, 'bb.middle');
      expectClose(
        bands.upper,
        mid.map((m, t) => m + 2.5 * sd[t]),
        'bb.upper',
      );
      expectClose(
        bands.lower,
        mid.map((m, t) => m - 2.5 * sd[t]),
        'bb.lower',
      );
      expectClose(
        bands.bandwidth,
        mid.map((m, t) => (5 * sd[t]) / m),
        'bb.bandwidth',
      );
      const pctB = mid.map((m, t) => (d.close[t] - (m - 2.5 * sd[t])) / (5 * sd[t]));
      expectClose(bands.percentB, pctB, 'bb.percentB');
    });

    it("rsi by Wilder's definition", () => {
      for (const period of [2, 14, 30]) {
        const gains = Array.from(d.close, (x, t) =>
          t === 0 ? 0 : Math.max(x - d.close[t - 1], 0),
        );
        const losses = Array.from(d.close, (x, t) =>
          t === 0 ? 0 : Math.max(d.close[t - 1] - x, 0),
        );
        const avgGain = naiveWilderAverage(gains, period);
        const avgLoss = naiveWilderAverage(losses, period);
        const expected = avgGain.map((g, t) => {
          if (Number.isNaN(g)) return NaN;
          const rs = g / avgLoss[t];
          return avgLoss[t] === 0 ? (g === 0 ? 50 : 100) : 100 - 100 / (1 + rs);
        });
        expectClose(rsi(d.close, period), expected, `rsi(${period})`);
      }
    });

    it('macd (TA-Lib seeding: both EMAs start at slow - 1)', () => {
      for (const [fast, slow, signal] of [
        [12, 26, 9],
        [5, 35, 5],
        [3, 10, 1],
      ]) {
        const fastEma = naiveEma(d.close, fast, slow - 1);
        const slowEma = naiveEma(d.close, slow, slow - 1);
        const line = fastEma.map((f, t) => f - slowEma[t]);
        const lineFromStart = line.slice(slow - 1);
        const signalTail = naiveEma(lineFromStart, signal);
        const first = slow - 1 + signal - 1;
        const sig = [...nanArray(slow - 1), ...signalTail];
        const wantLine = line.map((v, t) => (t < first ? NaN : v));
        const result = macd(d.close, fast, slow, signal);
        const label = `macd(${fast},${slow},${signal})`;
        expectClose(result.macd, wantLine, `${label}.macd`);
        expectClose(result.signal, sig, `${label}.signal`);
        expectClose(
          result.histogram,
          wantLine.map((v, t) => v - sig[t]),
          `${label}.histogram`,
        );
      }
    });

    it('true range and ATR', () => {
      const tr = naiveTrueRange(d);
      expectClose(trueRange(d.high, d.low, d.close), tr, 'tr');
      for (const period of [1, 14, 20]) {
        expectClose(
          atr(d.high, d.low, d.close, period),
          naiveWilderAverage(tr, period),
          `atr(${period})`,
        );
      }
    });

    it('highest, lowest, donchian', () => {
      for (const period of [1, 10, 55]) {
        const hh = nanArray(n);
        const ll = nanArray(n);
        for (let t = period - 1; t < n; t++) {
          hh[t] = Math.max(...windowOf(d.high, t, period));
          ll[t] = Math.min(...windowOf(d.low, t, period));
        }
        expectClose(highest(d.high, period), hh, `highest(${period})`);
        expectClose(lowest(d.low, period), ll, `lowest(${period})`);
        const channel = donchian(d.high, d.low, period);
        expectClose(channel.upper, hh, 'donchian.upper');
        expectClose(channel.lower, ll, 'donchian.lower');
        expectClose(
          channel.middle,
          hh.map((h, t) => (h + ll[t]) / 2),
          'donchian.middle',
        );
      }
    });

    it('roc, volume average, obv', () => {
      for (const period of [1, 10]) {
        const expected = Array.from(d.close, (x, t) =>
          t < period ? NaN : (x - d.close[t - period]) / d.close[t - period],
        );
        expectClose(roc(d.close, period), expected, `roc(${period})`);
      }
      expectClose(volumeAverage(d.volume, 20), naiveSma(d.volume, 20), 'vma(20)');
      const expectedObv: number[] = [];
      for (let t = 0; t < n; t++) {
        let total = d.volume[0];
        for (let j = 1; j <= t; j++) total += Math.sign(d.close[j] - d.close[j - 1]) * d.volume[j];
        expectedObv.push(total);
        if (t > 300) break; // the quadratic loop only needs a prefix; the rest is checked below
      }
      const result = obv(d.close, d.volume);
      expectClose(result.subarray(0, expectedObv.length), expectedObv, 'obv prefix');
      for (let t = 1; t < n; t++) {
        const step = result[t] - result[t - 1];
        expect(step).toBe(Math.sign(d.close[t] - d.close[t - 1]) * d.volume[t]);
      }
    });

    it('slow stochastic', () => {
      for (const [kp, ks, dp] of [
        [14, 3, 3],
        [5, 1, 4],
      ]) {
        const fastK = nanArray(n);
        for (let t = kp - 1; t < n; t++) {
          const hh = Math.max(...windowOf(d.high, t, kp));
          const ll = Math.min(...windowOf(d.low, t, kp));
          fastK[t] = hh === ll ? 50 : (100 * (d.close[t] - ll)) / (hh - ll);
        }
        const first = kp + ks + dp - 3;
        const slowK = nanArray(n);
        for (let t = kp + ks - 2; t < n; t++) slowK[t] = mean(windowOf(fastK, t, ks));
        const slowD = nanArray(n);
        for (let t = first; t < n; t++) slowD[t] = mean(windowOf(slowK, t, dp));
        const result = stochastic(d.high, d.low, d.close, kp, ks, dp);
        expectClose(
          result.k,
          slowK.map((v, t) => (t < first ? NaN : v)),
          'stoch.k',
        );
        expectClose(result.d, slowD, 'stoch.d');
      }
    });

    it("adx, +DI, -DI by Wilder's definition (TA-Lib seeding)", () => {
      for (const period of [14, 5]) {
        const tr = naiveTrueRange(d);
        const plusDm = [0];
        const minusDm = [0];
        for (let t = 1; t < n; t++) {
          const up = d.high[t] - d.high[t - 1];
          const down = d.low[t - 1] - d.low[t];
          plusDm.push(up > down && up > 0 ? up : 0);
          minusDm.push(down > up && down > 0 ? down : 0);
        }
        // Wilder sums: sum of bars 1..period-1, then S = S - S/period + x from bar `period`.
        const smooth = (xs: number[]) => {
          const out = nanArray(n);
          let s = xs.slice(1, period).reduce((a, b) => a + b, 0);
          for (let t = period; t < n; t++) {
            s = s - s / period + xs[t];
            out[t] = s;
          }
          return out;
        };
        const sTr = smooth(tr);
        const sPlus = smooth(plusDm);
        const sMinus = smooth(minusDm);
        const plusDi = sPlus.map((p, t) =>
          t < period ? NaN : sTr[t] > 0 ? (100 * p) / sTr[t] : 0,
        );
        const minusDi = sMinus.map((m, t) =>
          t < period ? NaN : sTr[t] > 0 ? (100 * m) / sTr[t] : 0,
        );
        const dx = plusDi.map((p, t) => {
          const total = p + minusDi[t];
          return total > 0 ? (100 * Math.abs(p - minusDi[t])) / total : NaN;
        });
        const expectedAdx = nanArray(n);
        const firstAdx = 2 * period - 1;
        let value =
          dx.slice(period, firstAdx + 1).reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0) /
          period;
        expectedAdx[firstAdx] = value;
        for (let t = firstAdx + 1; t < n; t++) {
          if (!Number.isNaN(dx[t])) value = (value * (period - 1) + dx[t]) / period;
          expectedAdx[t] = value;
        }
        const result = adx(d.high, d.low, d.close, period);
        expectClose(result.plusDi, plusDi, `plusDi(${period})`);
        expectClose(result.minusDi, minusDi, `minusDi(${period})`);
        expectClose(result.adx, expectedAdx, `adx(${period})`);
      }
    });

    it('pivot points from the previous day, ISO week and month', () => {
      const methods: PivotMethod[] = ['classic', 'fibonacci', 'camarilla', 'woodie'];
      const periods: PivotPeriod[] = ['day', 'week', 'month'];
      // Independent period labels: the Monday of the ISO week, the YYYY-MM of the month.
      const label = (time: number, period: PivotPeriod): string => {
        const date = new Date(time);
        if (period === 'day') return date.toISOString().slice(0, 10);
        if (period === 'month') return date.toISOString().slice(0, 7);
        const sinceMonday = (date.getUTCDay() + 6) % 7;
        return new Date(time - sinceMonday * 86_400_000).toISOString().slice(0, 10);
      };
      const limit = Math.min(n, 1500);
      const slice = (a: Float64Array) => a.subarray(0, limit);
      for (const period of periods) {
        const labels = Array.from(slice(d.time), (t) => label(t, period));
        for (const method of methods) {
          const expected: Record<string, number[]> = {};
          for (const key of ['pivot', 'r1', 'r2', 'r3', 's1', 's2', 's3']) expected[key] = [];
          for (let t = 0; t < limit; t++) {
            const start = labels.indexOf(labels[t]);
            let levels: Record<string, number> | null = null;
            if (start > 0) {
              const prevLabel = labels[start - 1];
              const prev: number[] = [];
              for (let j = 0; j < start; j++) if (labels[j] === prevLabel) prev.push(j);
              const H = Math.max(...prev.map((j) => d.high[j]));
              const L = Math.min(...prev.map((j) => d.low[j]));
              const C = d.close[prev[prev.length - 1]];
              const O = d.open[start];
              const R = H - L;
              if (method === 'classic' || method === 'woodie') {
                const P = method === 'classic' ? (H + L + C) / 3 : (H + L + 2 * O) / 4;
                levels = { pivot: P, r1: 2 * P - L, s1: 2 * P - H, r2: P + R, s2: P - R };
                levels.r3 = H + 2 * (P - L);
                levels.s3 = L - 2 * (H - P);
              } else if (method === 'fibonacci') {
                const P = (H + L + C) / 3;
                levels = { pivot: P, r1: P + 0.382 * R, r2: P + 0.618 * R, r3: P + R };
                Object.assign(levels, { s1: P - 0.382 * R, s2: P - 0.618 * R, s3: P - R });
              } else {
                const P = (H + L + C) / 3;
                levels = { pivot: P, r1: C + (R * 1.1) / 12, r2: C + (R * 1.1) / 6 };
                Object.assign(levels, { r3: C + (R * 1.1) / 4, s1: C - (R * 1.1) / 12 });
                Object.assign(levels, { s2: C - (R * 1.1) / 6, s3: C - (R * 1.1) / 4 });
              }
            }
            for (const key of Object.keys(expected)) expected[key].push(levels ? levels[key] : NaN);
          }
          const result = periodPivots(
            slice(d.time),
            slice(d.open),
            slice(d.high),
            slice(d.low),
            slice(d.close),
            method,
            period,
          );
          for (const key of Object.keys(expected)) {
            expectClose(result[key as 'pivot'], expected[key], `${method}/${period}.${key}`);
          }
        }
      }
    });

    it('swing-point resistance and support, known only `right` bars later', () => {
      for (const [left, right] of [
        [5, 5],
        [2, 3],
        [0, 1],
      ]) {
        const resistance = nanArray(n);
        const support = nanArray(n);
        for (let t = 0; t < n; t++) {
          for (let i = t - right; i >= left; i--) {
            const others = [
              ...windowOf(d.high, i - 1, left),
              ...windowOf(d.high, i + right, right),
            ];
            if (others.every((h) => d.high[i] > h)) {
              resistance[t] = d.high[i];
              break;
            }
          }
          for (let i = t - right; i >= left; i--) {
            const others = [...windowOf(d.low, i - 1, left), ...windowOf(d.low, i + right, right)];
            if (others.every((l) => d.low[i] < l)) {
              support[t] = d.low[i];
              break;
            }
          }
        }
        const result = swingLevels(d.high, d.low, left, right);
        expectClose(result.resistance, resistance, `swings(${left},${right}).resistance`);
        expectClose(result.support, support, `swings(${left},${right}).support`);
      }
    });
  });
}

describe('pivotLevels on hand-checked numbers', () => {
  it('classic floor pivots for H=110, L=90, C=105', () => {
    const levels = pivotLevels(110, 90, 105, 0, 'classic');
    expect(levels.pivot).toBeCloseTo(101.6667, 4);
    expect(levels.r1).toBeCloseTo(113.3333, 4);
    expect(levels.s1).toBeCloseTo(93.3333, 4);
    expect(levels.r2).toBeCloseTo(121.6667, 4);
    expect(levels.s2).toBeCloseTo(81.6667, 4);
    expect(levels.r3).toBeCloseTo(133.3333, 4);
    expect(levels.s3).toBeCloseTo(73.3333, 4);
  });

  it('woodie uses the current period open, camarilla gives r4/s4', () => {
    expect(pivotLevels(110, 90, 105, 100, 'woodie').pivot).toBe(100);
    const cam = pivotLevels(110, 90, 105, 0, 'camarilla');
    expect(cam.r4).toBeCloseTo(116, 10);
    expect(cam.s4).toBeCloseTo(94, 10);
    expect(cam.r1).toBeCloseTo(105 + 22 / 12, 10);
  });

  it('rejects an unknown method naming the field', () => {
    expect(() => pivotLevels(1, 1, 1, 1, 'bogus' as PivotMethod)).toThrow(/method/);
  });
});
