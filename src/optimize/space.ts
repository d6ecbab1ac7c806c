import { InputError } from '../domain/errors.ts';
import { Random } from '../domain/random.ts';
import type { AnyStrategyDefinition } from '../strategies/registry.ts';
import type { ParamSpec } from '../strategies/types.ts';

export type ParamValue = number | string | boolean;
export type ParamSet = Readonly<Record<string, ParamValue>>;

/** One swept parameter and the values it takes, in the order they were given. */
export interface ParamAxis {
  readonly name: string;
  readonly values: readonly ParamValue[];
}

/** A candidate of a sweep: its position in the enumeration and its (validated) parameters. */
export interface Trial {
  readonly index: number;
  readonly params: ParamSet;
}

const MAX_AXIS_VALUES = 100_000;
const RANGE = /^(-?[\d.]+(?:e-?\d+)?)\.\.(-?[\d.]+(?:e-?\d+)?)(?::([\d.]+(?:e-?\d+)?))?$/i;

/**
 * Parses one `--grid` flag: `name=start..end:step` (inclusive, step 1 when left out),
 * `name=a,b,c` (a list) or `name=v` (one value). Values are checked against the strategy's
 * parameter spec (type and range), so a typo fails here naming the flag and its value.
 */
export function parseGridSpec(spec: string, definition: AnyStrategyDefinition): ParamAxis {
  const eq = spec.indexOf('=');
  const name = eq > 0 ? spec.slice(0, eq).trim() : '';
  const body = eq > 0 ? spec.slice(eq + 1).trim() : '';
  if (name === '' || body === '') {
    throw new InputError('grid', spec, 'expected NAME=START..END:STEP or NAME=A,B,C');
  }
  const param = definition.params.find((p) => p.name === name);
  if (!param) {
    const known = definition.params.map((p) => p.name).join(', ');
    throw new InputError('grid', spec, `unknown parameter of ${definition.id} (known: ${known})`);
  }
  const range = RANGE.exec(body);
  if (!range && body.includes('..')) {
    throw new InputError('grid', spec, 'expected START..END:STEP with numbers and a step above 0');
  }
  const values = range ? expandRange(spec, range) : body.split(',').map((v) => v.trim());
  if (values.length === 0 || values.some((v) => v === '')) {
    throw new InputError('grid', spec, 'has an empty value');
  }
  const typed = values.map((v) => convertValue(spec, param, v));
  if (new Set(typed.map(String)).size !== typed.length) {
    throw new InputError('grid', spec, 'lists a value twice');
  }
  return { name, values: typed };
}

function expandRange(spec: string, match: RegExpExecArray): string[] {
  const start = Number(match[1]);
  const end = Number(match[2]);
  const step = match[3] === undefined ? 1 : Number(match[3]);
  if (![start, end, step].every(Number.isFinite)) {
    throw new InputError('grid', spec, 'range bounds and step must be numbers');
  }
  if (!(step > 0)) throw new InputError('grid', spec, 'step must be above 0');
  if (end < start) throw new InputError('grid', spec, 'range end is below its start');
  const count = Math.floor((end - start) / step + 1e-9) + 1;
  if (count > MAX_AXIS_VALUES) {
    throw new InputError('grid', spec, `expands to ${count} values (at most ${MAX_AXIS_VALUES})`);
  }
  // start + i * step, rounded to 12 significant digits so 0.1 steps do not drift.
  return Array.from({ length: count }, (_, i) =>
    String(Number((start + i * step).toPrecision(12))),
  );
}

function convertValue(spec: string, param: ParamSpec, text: string): ParamValue {
  switch (param.type) {
    case 'integer':
    case 'number': {
      const value = Number(text);
      if (!Number.isFinite(value)) throw new InputError('grid', spec, `${text} is not a number`);
      if (param.type === 'integer' && !Number.isInteger(value)) {
        throw new InputError('grid', spec, `${param.name} takes whole numbers, not ${text}`);
      }
      if (param.min !== undefined && value < param.min) {
        throw new InputError('grid', spec, `${param.name} must be at least ${param.min}`);
      }
      if (param.max !== undefined && value > param.max) {
        throw new InputError('grid', spec, `${param.name} must be at most ${param.max}`);
      }
      return value;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw new InputError('grid', spec, `${param.name} takes true or false, not ${text}`);
    }
    case 'enum': {
      if (!param.values?.includes(text)) {
        throw new InputError('grid', spec, `${param.name} takes ${param.values?.join(', ')}`);
      }
      return text;
    }
  }
}

/** Parses every `--grid` flag; a parameter may appear only once. */
export function parseGrid(
  specs: readonly string[],
  definition: AnyStrategyDefinition,
): ParamAxis[] {
  if (specs.length === 0) throw new InputError('grid', '', 'give at least one --grid NAME=SPEC');
  const axes = specs.map((spec) => parseGridSpec(spec, definition));
  const seen = new Set<string>();
  for (const [i, axis] of axes.entries()) {
    if (seen.has(axis.name)) throw new InputError('grid', specs[i], 'names a parameter twice');
    seen.add(axis.name);
  }
  return axes;
}

/** Number of points of the full cartesian product (before constraints). */
export function gridSize(axes: readonly ParamAxis[]): number {
  return axes.reduce((n, axis) => n * axis.values.length, 1);
}

/** The point with this mixed-radix index; the last axis varies fastest. */
export function gridPoint(
  axes: readonly ParamAxis[],
  index: number,
  fixed: ParamSet = {},
): Record<string, ParamValue> {
  const point: Record<string, ParamValue> = { ...fixed };
  let rest = index;
  for (let a = axes.length - 1; a >= 0; a--) {
    const n = axes[a].values.length;
    point[axes[a].name] = axes[a].values[rest % n];
    rest = Math.floor(rest / n);
  }
  return point;
}

/**
 * Validates one point through the strategy's own schema (types, ranges, cross-field rules such
 * as fast < slow). Returns the parameters with defaults filled in, or null when invalid.
 */
export function validPoint(
  definition: AnyStrategyDefinition,
  point: Readonly<Record<string, ParamValue>>,
): ParamSet | null {
  const parsed = definition.schema.safeParse(point);
  return parsed.success ? (parsed.data as ParamSet) : null;
}

export interface SearchSpace {
  readonly trials: Trial[];
  /** Points of the product the constraints removed (grid) or rejected draws (random). */
  readonly rejected: number;
  readonly gridSize: number;
}

const MAX_GRID = 2_000_000;

/** Every valid point of the grid, in enumeration order (first axis slowest). */
export function gridSearch(
  definition: AnyStrategyDefinition,
  axes: readonly ParamAxis[],
  fixed: ParamSet = {},
): SearchSpace {
  const size = gridSize(axes);
  if (size > MAX_GRID) {
    throw new InputError('grid', size, `has more than ${MAX_GRID} points; use --random N`);
  }
  const trials: Trial[] = [];
  for (let i = 0; i < size; i++) {
    const params = validPoint(definition, gridPoint(axes, i, fixed));
    if (params) trials.push({ index: trials.length, params });
  }
  if (trials.length === 0) {
    throw new InputError('grid', describeAxes(axes), 'no combination satisfies the strategy rules');
  }
  return { trials, rejected: size - trials.length, gridSize: size };
}

/**
 * `count` distinct valid points drawn from the grid with a seeded generator (same seed, same
 * points, same order). Returns the whole valid grid when it has no more than `count` points.
 */
export function randomSearch(
  definition: AnyStrategyDefinition,
  axes: readonly ParamAxis[],
  count: number,
  seed: number,
  fixed: ParamSet = {},
): SearchSpace {
  if (!Number.isInteger(count) || count < 1) {
    throw new InputError('random', count, 'must be a whole number of at least 1');
  }
  const size = gridSize(axes);
  if (size <= count * 2 && size <= MAX_GRID) {
    // Small grids: enumerate, then pick a seeded sample (exact, no rejection loop).
    const all = gridSearch(definition, axes, fixed);
    if (all.trials.length <= count) return all;
    const random = new Random(seed);
    const pool = all.trials.map((t) => t.params);
    for (let i = 0; i < count; i++) {
      const j = random.integer(i, pool.length - 1);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    const trials = pool.slice(0, count).map((params, index) => ({ index, params }));
    return { trials, rejected: all.rejected, gridSize: size };
  }
  const random = new Random(seed);
  const seen = new Set<number>();
  const trials: Trial[] = [];
  let rejected = 0;
  const maxDraws = count * 50;
  for (let draw = 0; draw < maxDraws && trials.length < count; draw++) {
    const i = Math.floor(random.uniform() * size);
    if (seen.has(i)) continue;
    seen.add(i);
    const params = validPoint(definition, gridPoint(axes, i, fixed));
    if (params) trials.push({ index: trials.length, params });
    else rejected++;
  }
  if (trials.length === 0) {
    throw new InputError('grid', describeAxes(axes), 'no combination satisfies the strategy rules');
  }
  return { trials, rejected, gridSize: size };
}

function describeAxes(axes: readonly ParamAxis[]): string {
  return axes.map((a) => `${a.name}=${a.values.join(',')}`).join(' ');
}

/** A stable text key of a parameter set (sorted names), for caches and de-duplication. */
export function paramKey(params: ParamSet): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join(',');
}
