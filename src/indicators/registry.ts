import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { adx } from './adx.ts';
import { atr, trueRange } from './atr.ts';
import { bollinger } from './bollinger.ts';
import { donchian, highest, lowest } from './donchian.ts';
import { ema } from './ema.ts';
import { macd } from './macd.ts';
import type { PivotMethod, PivotPeriod } from './pivots.ts';
import { periodPivots, PIVOT_METHODS, PIVOT_PERIODS } from './pivots.ts';
import { roc } from './roc.ts';
import { rsi } from './rsi.ts';
import { sma } from './sma.ts';
import { stddev } from './stddev.ts';
import { stochastic } from './stochastic.ts';
import { swingLevels } from './swings.ts';
import { obv, volumeAverage } from './volume.ts';
import { wma } from './wma.ts';

/** An argument value: numbers for periods and multipliers, strings for choices (pivots). */
export type IndicatorArgValue = number | string;

export interface IndicatorArg {
  readonly name: string;
  readonly description: string;
  readonly kind: 'integer' | 'number' | 'choice';
  readonly default: IndicatorArgValue;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
}

export interface IndicatorSpec {
  readonly name: string;
  readonly description: string;
  /** Which series columns it reads (documentation for users). */
  readonly inputs: string;
  readonly args: readonly IndicatorArg[];
  /** Output column names in print order; single-output indicators use ['value']. */
  readonly outputs: readonly string[];
  /** Arguments are already validated and complete (defaults filled in) when this runs. */
  compute(series: BarSeries, args: readonly IndicatorArgValue[]): Record<string, Float64Array>;
  /** Cross-argument checks beyond each argument's own range. */
  check?(args: readonly IndicatorArgValue[]): void;
}

const MAX_PERIOD = 100_000;

function period(name: string, fallback: number, description = 'bars in the window'): IndicatorArg {
  return { name, description, kind: 'integer', default: fallback, min: 1, max: MAX_PERIOD };
}

const num = (value: IndicatorArgValue): number => value as number;

export const INDICATORS: readonly IndicatorSpec[] = [
  {
    name: 'sma',
    description: 'Simple moving average of the close',
    inputs: 'close',
    args: [period('period', 20)],
    outputs: ['value'],
    compute: (s, a) => ({ value: sma(s.close, num(a[0])) }),
  },
  {
    name: 'ema',
    description: 'Exponential moving average of the close, seeded with the SMA',
    inputs: 'close',
    args: [period('period', 20)],
    outputs: ['value'],
    compute: (s, a) => ({ value: ema(s.close, num(a[0])) }),
  },
  {
    name: 'wma',
    description: 'Linearly weighted moving average of the close',
    inputs: 'close',
    args: [period('period', 20)],
    outputs: ['value'],
    compute: (s, a) => ({ value: wma(s.close, num(a[0])) }),
  },
  {
    name: 'rsi',
    description: "Wilder's relative strength index of the close (0-100)",
    inputs: 'close',
    args: [period('period', 14)],
    outputs: ['value'],
    compute: (s, a) => ({ value: rsi(s.close, num(a[0])) }),
  },
  {
    name: 'macd',
    description: 'MACD line, signal line and histogram of the close',
    inputs: 'close',
    args: [
      period('fast', 12, 'fast EMA period'),
      { ...period('slow', 26, 'slow EMA period'), min: 2 },
      period('signal', 9, 'signal EMA period'),
    ],
    outputs: ['macd', 'signal', 'histogram'],
    check: (a) => {
      if (num(a[0]) >= num(a[1])) {
        throw new InputError('macd.fast', a[0], `must be less than macd.slow (${a[1]})`);
      }
    },
    compute: (s, a) => {
      const lines = macd(s.close, num(a[0]), num(a[1]), num(a[2]));
      return { macd: lines.macd, signal: lines.signal, histogram: lines.histogram };
    },
  },
  {
    name: 'bbands',
    description: 'Bollinger Bands: SMA middle band +/- k population standard deviations',
    inputs: 'close',
    args: [
      period('period', 20),
      {
        name: 'k',
        description: 'band width in standard deviations',
        kind: 'number',
        default: 2,
        min: 0,
        max: 100,
      },
    ],
    outputs: ['middle', 'upper', 'lower'],
    compute: (s, a) => {
      const bands = bollinger(s.close, num(a[0]), num(a[1]));
      return { middle: bands.middle, upper: bands.upper, lower: bands.lower };
    },
  },
  {
    name: 'atr',
    description: "Wilder's average true range",
    inputs: 'high, low, close',
    args: [period('period', 14)],
    outputs: ['value'],
    compute: (s, a) => ({ value: atr(s.high, s.low, s.close, num(a[0])) }),
  },
  {
    name: 'tr',
    description: 'True range (first bar: high - low)',
    inputs: 'high, low, close',
    args: [],
    outputs: ['value'],
    compute: (s) => ({ value: trueRange(s.high, s.low, s.close) }),
  },
  {
    name: 'highest',
    description: 'Highest high over the window, current bar included',
    inputs: 'high',
    args: [period('period', 20)],
    outputs: ['value'],
    compute: (s, a) => ({ value: highest(s.high, num(a[0])) }),
  },
  {
    name: 'lowest',
    description: 'Lowest low over the window, current bar included',
    inputs: 'low',
    args: [period('period', 20)],
    outputs: ['value'],
    compute: (s, a) => ({ value: lowest(s.low, num(a[0])) }),
  },
  {
    name: 'donchian',
    description: 'Donchian channel: highest high, lowest low and their midpoint',
    inputs: 'high, low',
    args: [period('period', 20)],
    outputs: ['upper', 'middle', 'lower'],
    compute: (s, a) => {
      const channel = donchian(s.high, s.low, num(a[0]));
      return { upper: channel.upper, middle: channel.middle, lower: channel.lower };
    },
  },
  {
    name: 'stddev',
    description: 'Rolling population standard deviation of the close',
    inputs: 'close',
    args: [period('period', 20)],
    outputs: ['value'],
    compute: (s, a) => ({ value: stddev(s.close, num(a[0])) }),
  },
  {
    name: 'roc',
    description: 'Rate of change of the close as a fraction (0.05 = +5 %)',
    inputs: 'close',
    args: [period('period', 10)],
    outputs: ['value'],
    compute: (s, a) => ({ value: roc(s.close, num(a[0])) }),
  },
  {
    name: 'vma',
    description: 'Volume average (SMA of volume)',
    inputs: 'volume',
    args: [period('period', 20)],
    outputs: ['value'],
    compute: (s, a) => ({ value: volumeAverage(s.volume, num(a[0])) }),
  },
  {
    name: 'obv',
    description: 'On-balance volume',
    inputs: 'close, volume',
    args: [],
    outputs: ['value'],
    compute: (s) => ({ value: obv(s.close, s.volume) }),
  },
  {
    name: 'stoch',
    description: 'Slow stochastic %K and %D (SMA smoothing)',
    inputs: 'high, low, close',
    args: [
      period('kPeriod', 14, 'bars in the high-low range'),
      period('kSmoothing', 3, 'SMA period smoothing fast %K into slow %K'),
      period('dPeriod', 3, 'SMA period of %D'),
    ],
    outputs: ['k', 'd'],
    compute: (s, a) => {
      const lines = stochastic(s.high, s.low, s.close, num(a[0]), num(a[1]), num(a[2]));
      return { k: lines.k, d: lines.d };
    },
  },
  {
    name: 'adx',
    description: "Wilder's average directional index with +DI and -DI",
    inputs: 'high, low, close',
    args: [{ ...period('period', 14), min: 2 }],
    outputs: ['adx', 'plusDi', 'minusDi'],
    compute: (s, a) => {
      const lines = adx(s.high, s.low, s.close, num(a[0]));
      return { adx: lines.adx, plusDi: lines.plusDi, minusDi: lines.minusDi };
    },
  },
  {
    name: 'pivots',
    description: "Pivot points from the previous day's, week's or month's high, low and close",
    inputs: 'time, open, high, low, close',
    args: [
      {
        name: 'method',
        description: 'pivot formula',
        kind: 'choice',
        default: 'classic',
        choices: PIVOT_METHODS,
      },
      {
        name: 'period',
        description: 'the completed period the levels come from',
        kind: 'choice',
        default: 'day',
        choices: PIVOT_PERIODS,
      },
    ],
    outputs: ['pivot', 'r1', 'r2', 'r3', 's1', 's2', 's3'],
    compute: (s, a) => {
      const lines = periodPivots(
        s.time,
        s.open,
        s.high,
        s.low,
        s.close,
        a[0] as PivotMethod,
        a[1] as PivotPeriod,
      );
      const { pivot, r1, r2, r3, s1, s2, s3 } = lines;
      return { pivot, r1, r2, r3, s1, s2, s3 };
    },
  },
  {
    name: 'swings',
    description: 'Most recent confirmed swing-high resistance and swing-low support',
    inputs: 'high, low',
    args: [
      { ...period('left', 5, 'bars before the swing point'), min: 0 },
      { ...period('right', 5, 'bars after the swing point (confirmation delay)'), min: 0 },
    ],
    outputs: ['resistance', 'support'],
    compute: (s, a) => {
      const lines = swingLevels(s.high, s.low, num(a[0]), num(a[1]));
      return { resistance: lines.resistance, support: lines.support };
    },
  },
];

export function findIndicator(name: string): IndicatorSpec | undefined {
  return INDICATORS.find((spec) => spec.name === name);
}

export interface ParsedIndicator {
  readonly spec: IndicatorSpec;
  /** Every argument, defaults filled in. */
  readonly args: readonly IndicatorArgValue[];
}

/**
 * Parses `name[:a,b,c]` (e.g. `rsi:14`, `macd:12,26,9`, `pivots:woodie,week`). Missing
 * trailing arguments take their defaults. Throws InputError naming `indicator` for an unknown
 * name or too many arguments, and `<name>.<arg>` for a bad argument.
 */
export function parseIndicatorSpec(text: string): ParsedIndicator {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const name = (colon === -1 ? trimmed : trimmed.slice(0, colon)).toLowerCase();
  const spec = findIndicator(name);
  if (!spec) {
    throw new InputError(
      'indicator',
      text,
      `unknown indicator; expected one of ${INDICATORS.map((s) => s.name).join(', ')}`,
    );
  }
  const rawArgs = colon === -1 ? [] : trimmed.slice(colon + 1).split(',');
  if (rawArgs.length > spec.args.length) {
    throw new InputError(
      'indicator',
      text,
      `${name} takes at most ${spec.args.length} argument(s) (${spec.args.map((a) => a.name).join(',') || 'none'})`,
    );
  }
  const args = spec.args.map((arg, i) =>
    i < rawArgs.length ? parseArg(name, arg, rawArgs[i].trim()) : arg.default,
  );
  spec.check?.(args);
  return { spec, args };
}

function parseArg(indicator: string, arg: IndicatorArg, raw: string): IndicatorArgValue {
  const field = `${indicator}.${arg.name}`;
  if (arg.kind === 'choice') {
    const choice = raw.toLowerCase();
    if (!arg.choices?.includes(choice)) {
      throw new InputError(field, raw, `expected one of ${arg.choices?.join(', ')}`);
    }
    return choice;
  }
  const value = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) throw new InputError(field, raw, 'expected a number');
  if (arg.kind === 'integer' && !Number.isInteger(value)) {
    throw new InputError(field, raw, 'expected a whole number');
  }
  const min = arg.min ?? -Infinity;
  const max = arg.max ?? Infinity;
  if (value < min || value > max) {
    throw new InputError(field, raw, `must be between ${min} and ${max}`);
  }
  return value;
}

/** Parses the spec text and computes it over the series: output column -> values. */
export function computeIndicator(
  series: BarSeries,
  text: string,
): { parsed: ParsedIndicator; columns: Record<string, Float64Array> } {
  const parsed = parseIndicatorSpec(text);
  return { parsed, columns: parsed.spec.compute(series, parsed.args) };
}
