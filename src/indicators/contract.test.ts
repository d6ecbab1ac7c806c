/**
 * The contract every indicator passes (as trading-signals does): batch equals streaming bit for
 * bit, output length equals input length, NaN exactly during the documented warm-up, a flat
 * market gives the expected constant, and inputs are never mutated.
 */
import { describe, expect, it } from 'vitest';
import { constantSeries, loadShared, type Ohlcv } from '../../test/fixtures/indicators/ohlcv.ts';
import * as ind from './index.ts';

type Outputs = Record<string, Float64Array>;
type Point = Record<string, number>;

interface Case {
  name: string;
  batch(d: Ohlcv): Outputs;
  /** A fresh stream fed bar by bar. */
  stream(): (d: Ohlcv, i: number) => Point;
  /** Index of the first non-NaN value, per output. */
  warmup: Record<string, number>;
  /** Expected value on a flat market (price 7.25, volume 1000), per output. */
  flat: Record<string, number>;
}

const P = 7.25;
const value = (v: number): Point => ({ value: v });

const CASES: Case[] = [
  {
    name: 'sma(20)',
    batch: (d) => ({ value: ind.sma(d.close, 20) }),
    stream: () => {
      const s = new ind.SmaStream(20);
      return (d, i) => value(s.update(d.close[i]));
    },
    warmup: { value: 19 },
    flat: { value: P },
  },
  {
    name: 'sma(1)',
    batch: (d) => ({ value: ind.sma(d.close, 1) }),
    stream: () => {
      const s = new ind.SmaStream(1);
      return (d, i) => value(s.update(d.close[i]));
    },
    warmup: { value: 0 },
    flat: { value: P },
  },
  {
    name: 'ema(20)',
    batch: (d) => ({ value: ind.ema(d.close, 20) }),
    stream: () => {
      const s = new ind.EmaStream(20);
      return (d, i) => value(s.update(d.close[i]));
    },
    warmup: { value: 19 },
    flat: { value: P },
  },
  {
    name: 'wma(10)',
    batch: (d) => ({ value: ind.wma(d.close, 10) }),
    stream: () => {
      const s = new ind.WmaStream(10);
      return (d, i) => value(s.update(d.close[i]));
    },
    warmup: { value: 9 },
    flat: { value: P },
  },
  {
    name: 'stddev(20)',
    batch: (d) => ({ value: ind.stddev(d.close, 20) }),
    stream: () => {
      const s = new ind.StddevStream(20);
      return (d, i) => value(s.update(d.close[i]));
    },
    warmup: { value: 19 },
    flat: { value: 0 },
  },
  {
    name: 'rsi(14)',
    batch: (d) => ({ value: ind.rsi(d.close, 14) }),
    stream: () => {
      const s = new ind.RsiStream(14);
      return (d, i) => value(s.update(d.close[i]));
    },
    warmup: { value: 14 },
    flat: { value: 50 },
  },
  {
    name: 'macd(12,26,9)',
    batch: (d) => ({ ...ind.macd(d.close, 12, 26, 9) }),
    stream: () => {
      const s = new ind.MacdStream(12, 26, 9);
      return (d, i) => ({ ...s.update(d.close[i]) });
    },
    warmup: { macd: 33, signal: 33, histogram: 33 },
    flat: { macd: 0, signal: 0, histogram: 0 },
  },
  {
    name: 'bollinger(20,2)',
    batch: (d) => ({ ...ind.bollinger(d.close, 20, 2) }),
    stream: () => {
      const s = new ind.BollingerStream(20, 2);
      return (d, i) => ({ ...s.update(d.close[i]) });
    },
    warmup: { middle: 19, upper: 19, lower: 19, bandwidth: 19, percentB: 19 },
    flat: { middle: P, upper: P, lower: P, bandwidth: 0, percentB: 0.5 },
  },
  {
    name: 'trueRange',
    batch: (d) => ({ value: ind.trueRange(d.high, d.low, d.close) }),
    stream: () => {
      const s = new ind.TrueRangeStream();
      return (d, i) => value(s.update(d.high[i], d.low[i], d.close[i]));
    },
    warmup: { value: 0 },
    flat: { value: 0 },
  },
  {
    name: 'atr(14)',
    batch: (d) => ({ value: ind.atr(d.high, d.low, d.close, 14) }),
    stream: () => {
      const s = new ind.AtrStream(14);
      return (d, i) => value(s.update(d.high[i], d.low[i], d.close[i]));
    },
    warmup: { value: 14 },
    flat: { value: 0 },
  },
  {
    name: 'highest(20)',
    batch: (d) => ({ value: ind.highest(d.high, 20) }),
    stream: () => {
      const s = new ind.HighestStream(20);
      return (d, i) => value(s.update(d.high[i]));
    },
    warmup: { value: 19 },
    flat: { value: P },
  },
  {
    name: 'lowest(20)',
    batch: (d) => ({ value: ind.lowest(d.low, 20) }),
    stream: () => {
      const s = new ind.LowestStream(20);
      return (d, i) => value(s.update(d.low[i]));
    },
    warmup: { value: 19 },
    flat: { value: P },
  },
  {
    name: 'donchian(55)',
    batch: (d) => ({ ...ind.donchian(d.high, d.low, 55) }),
    stream: () => {
      const s = new ind.DonchianStream(55);
      return (d, i) => ({ ...s.update(d.high[i], d.low[i]) });
    },
    warmup: { upper: 54, lower: 54, middle: 54 },
    flat: { upper: P, lower: P, middle: P },
  },
  {
    name: 'roc(10)',
    batch: (d) => ({ value: ind.roc(d.close, 10) }),
    stream: () => {
      const s = new ind.RocStream(10);
      return (d, i) => value(s.update(d.close[i]));
    },
    warmup: { value: 10 },
    flat: { value: 0 },
  },
  {
    name: 'volumeAverage(20)',
    batch: (d) => ({ value: ind.volumeAverage(d.volume, 20) }),
    stream: () => {
      const s = new ind.VolumeAverageStream(20);
      return (d, i) => value(s.update(d.volume[i]));
    },
    warmup: { value: 19 },
    flat: { value: 1000 },
  },
  {
    name: 'obv',
    batch: (d) => ({ value: ind.obv(d.close, d.volume) }),
    stream: () => {
      const s = new ind.ObvStream();
      return (d, i) => value(s.update(d.close[i], d.volume[i]));
    },
    warmup: { value: 0 },
    flat: { value: 1000 },
  },
  {
    name: 'stochastic(14,3,3)',
    batch: (d) => ({ ...ind.stochastic(d.high, d.low, d.close, 14, 3, 3) }),
    stream: () => {
      const s = new ind.StochasticStream(14, 3, 3);
      return (d, i) => ({ ...s.update(d.high[i], d.low[i], d.close[i]) });
    },
    warmup: { k: 17, d: 17 },
    flat: { k: 50, d: 50 },
  },
  {
    name: 'adx(14)',
    batch: (d) => ({ ...ind.adx(d.high, d.low, d.close, 14) }),
    stream: () => {
      const s = new ind.AdxStream(14);
      return (d, i) => ({ ...s.update(d.high[i], d.low[i], d.close[i]) });
    },
    warmup: { adx: 27, plusDi: 14, minusDi: 14 },
    flat: { adx: 0, plusDi: 0, minusDi: 0 },
  },
  ...(['classic', 'fibonacci', 'camarilla', 'woodie'] as const).map((method): Case => ({
    name: `periodPivots(${method}, day)`,
    batch: (d) => ({ ...ind.periodPivots(d.time, d.open, d.high, d.low, d.close, method, 'day') }),
    stream: () => {
      const s = new ind.PeriodPivotsStream(method, 'day');
      return (d, i) => ({ ...s.update(d.time[i], d.open[i], d.high[i], d.low[i], d.close[i]) });
    },
    // Daily bars on consecutive days: the first bar's day completes at bar 1.
    warmup: Object.fromEntries(pivotKeys(method).map((k) => [k, 1])),
    flat: Object.fromEntries(pivotKeys(method).map((k) => [k, P])),
  })),
  {
    name: 'swingLevels(5,5)',
    batch: (d) => ({ ...ind.swingLevels(d.high, d.low, 5, 5) }),
    stream: () => {
      const s = new ind.SwingLevelsStream(5, 5);
      return (d, i) => ({ ...s.update(d.high[i], d.low[i]) });
    },
    // Data-dependent: checked on the real file below; a flat market has no swing point.
    warmup: {},
    flat: { resistance: NaN, support: NaN },
  },
];

function pivotKeys(method: string): string[] {
  const keys = ['pivot', 'r1', 'r2', 'r3', 's1', 's2', 's3'];
  return method === 'camarilla' ? [...keys, 'r4', 's4'] : keys;
}

function copy(d: Ohlcv): Ohlcv {
  return {
    time: d.time.slice(),
    open: d.open.slice(),
    high: d.high.slice(),
    low: d.low.slice(),
    close: d.close.slice(),
    volume: d.volume.slice(),
  };
}

const real = loadShared('orcl-1995-2014.txt');
const flat = constantSeries(300);

describe.each(CASES)('indicator contract: $name', (c) => {
  it('batch equals streaming bit for bit, same length as the input', () => {
    const batch = c.batch(real);
    const step = c.stream();
    const keys = Object.keys(batch);
    for (const key of keys) expect(batch[key].length).toBe(real.close.length);
    for (let i = 0; i < real.close.length; i++) {
      const point = step(real, i);
      expect(Object.keys(point).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        if (!Object.is(point[key], batch[key][i])) {
          throw new Error(`${key}[${i}]: batch ${batch[key][i]} != stream ${point[key]}`);
        }
      }
    }
  });

  it('is NaN exactly during the warm-up and finite after it', () => {
    const batch = c.batch(real);
    for (const [key, first] of Object.entries(c.warmup)) {
      const values = batch[key];
      for (let i = 0; i < values.length; i++) {
        if (Number.isNaN(values[i]) !== i < first) {
          throw new Error(`${key}[${i}] = ${values[i]}, warm-up ends at ${first}`);
        }
      }
    }
    if (c.name.startsWith('swing')) {
      // Swing levels have no fixed warm-up: NaN only before the first confirmed swing.
      for (const values of Object.values(batch)) {
        const first = values.findIndex((v) => !Number.isNaN(v));
        expect(first).toBeGreaterThanOrEqual(10);
        expect(values.subarray(first).every((v) => Number.isFinite(v))).toBe(true);
      }
    }
  });

  it('gives the expected constant on a flat market', () => {
    const batch = c.batch(flat);
    for (const [key, expected] of Object.entries(c.flat)) {
      const first = c.warmup[key] ?? 0;
      for (let i = first; i < flat.close.length; i++) {
        if (Number.isNaN(expected)) expect(batch[key][i]).toBeNaN();
        else expect(batch[key][i]).toBeCloseTo(expected, 12);
      }
    }
  });

  it('does not mutate its inputs, and handles inputs shorter than the warm-up', () => {
    const before = copy(real);
    c.batch(real);
    const step = c.stream();
    for (let i = 0; i < 50; i++) step(real, i);
    for (const key of Object.keys(before) as (keyof Ohlcv)[]) {
      expect(real[key]).toEqual(before[key]);
    }
    const short = constantSeries(3);
    for (const values of Object.values(c.batch(short))) expect(values.length).toBe(3);
    const empty = constantSeries(0);
    for (const values of Object.values(c.batch(empty))) expect(values.length).toBe(0);
  });
});

describe('argument checks', () => {
  it('rejects bad periods naming the field and the value', () => {
    const x = new Float64Array(10);
    expect(() => ind.sma(x, 0)).toThrow('period: must be an integer >= 1 (got 0)');
    expect(() => ind.ema(x, 2.5)).toThrow(/period.*2\.5/);
    expect(() => new ind.RsiStream(-1)).toThrow(/period/);
    expect(() => ind.macd(x, 26, 12, 9)).toThrow(/fast: must be less than slow/);
    expect(() => ind.bollinger(x, 20, -1)).toThrow(/k:/);
    expect(() => ind.adx(x, x, x, 1)).toThrow(/period: must be an integer >= 2/);
    expect(() => ind.atr(x, x, new Float64Array(5), 3)).toThrow(/length/);
    expect(() => new ind.PeriodPivotsStream('classic', 'year' as ind.PivotPeriod)).toThrow(
      /period/,
    );
  });
});
