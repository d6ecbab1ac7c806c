import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import type { ParamSpec, StrategyDefinition } from './types.ts';

/**
 * Declare a strategy's parameters once; get both the zod schema (defaults, types, ranges,
 * cross-field checks) and the ParamSpec[] that `microcap strategies` lists.
 */

export interface IntegerParam {
  readonly type: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

export interface NumberParam {
  readonly type: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

export interface BooleanParam {
  readonly type: 'boolean';
  readonly default: boolean;
  readonly description: string;
}

export interface EnumParam<V extends string = string> {
  readonly type: 'enum';
  readonly values: readonly V[];
  readonly default: V;
  readonly description: string;
}

export type ParamDecl = IntegerParam | NumberParam | BooleanParam | EnumParam;

type ValueOf<D> = D extends BooleanParam ? boolean : D extends EnumParam<infer V> ? V : number;

/** The validated parameter object a declaration map describes. */
export type ParamsOf<M extends Record<string, ParamDecl>> = {
  -readonly [K in keyof M]: ValueOf<M[K]>;
};

export function integer(spec: Omit<IntegerParam, 'type'>): IntegerParam {
  return { type: 'integer', ...spec };
}

export function number(spec: Omit<NumberParam, 'type'>): NumberParam {
  return { type: 'number', ...spec };
}

export function boolean(spec: Omit<BooleanParam, 'type'>): BooleanParam {
  return { type: 'boolean', ...spec };
}

export function oneOf<const V extends string>(
  values: readonly V[],
  spec: { default: NoInfer<V>; description: string },
): EnumParam<V> {
  return { type: 'enum', values, ...spec };
}

/**
 * A check across fields, e.g. fast < slow. `field` is the parameter blamed in the error; `show`
 * lists the fields whose values the message quotes ("got slow=10, fast=50").
 */
export interface CrossFieldRule<P> {
  readonly field: keyof P & string;
  readonly problem: string;
  readonly show: readonly (keyof P & string)[];
  readonly check: (params: P) => boolean;
}

export interface DeclaredParams<P> {
  readonly specs: readonly ParamSpec[];
  readonly schema: z.ZodType<P>;
}

function fieldSchema(decl: ParamDecl): z.ZodType {
  switch (decl.type) {
    case 'integer':
    case 'number': {
      let schema =
        decl.type === 'integer'
          ? z.number({ error: 'expected an integer' }).int({ error: 'expected an integer' })
          : z.number({ error: 'expected a number' });
      schema = schema
        .min(decl.min, { error: `must be at least ${decl.min}` })
        .max(decl.max, { error: `must be at most ${decl.max}` });
      return schema.default(decl.default);
    }
    case 'boolean':
      return z.boolean({ error: 'expected true or false' }).default(decl.default);
    case 'enum':
      return z
        .enum(decl.values as [string, ...string[]], {
          error: `expected one of ${decl.values.join(', ')}`,
        })
        .default(decl.default);
  }
}

function toSpec(name: string, decl: ParamDecl): ParamSpec {
  switch (decl.type) {
    case 'integer':
    case 'number':
      return {
        name,
        type: decl.type,
        default: decl.default,
        min: decl.min,
        max: decl.max,
        description: decl.description,
      };
    case 'boolean':
      return { name, type: 'boolean', default: decl.default, description: decl.description };
    case 'enum':
      return {
        name,
        type: 'enum',
        default: decl.default,
        values: decl.values,
        description: decl.description,
      };
  }
}

function assertDeclarations(decls: Record<string, ParamDecl>): void {
  // A wrong default is a programming error; catch it at module load, not in a user's run.
  for (const [name, decl] of Object.entries(decls)) {
    if (decl.type === 'integer' || decl.type === 'number') {
      if (!(decl.min <= decl.default && decl.default <= decl.max)) {
        throw new Error(
          `parameter ${name}: default ${decl.default} outside [${decl.min}, ${decl.max}]`,
        );
      }
    }
    if (decl.type === 'enum' && !decl.values.includes(decl.default)) {
      throw new Error(`parameter ${name}: default ${decl.default} not among its values`);
    }
  }
}

/** Formats the "got a=1, b=2" part of a cross-field error. */
function quoteFields<P>(params: P, fields: readonly (keyof P & string)[]): string {
  return fields.map((name) => `${name}=${String(params[name])}`).join(', ');
}

export function defineParams<const M extends Record<string, ParamDecl>>(
  decls: M,
  rules: readonly CrossFieldRule<ParamsOf<M>>[] = [],
): DeclaredParams<ParamsOf<M>> {
  assertDeclarations(decls);
  const shape: Record<string, z.ZodType> = {};
  const specs: ParamSpec[] = [];
  for (const [name, decl] of Object.entries(decls)) {
    shape[name] = fieldSchema(decl);
    specs.push(toSpec(name, decl));
  }
  const schema = z.strictObject(shape).superRefine((value, ctx) => {
    const params = value as ParamsOf<M>;
    for (const rule of rules) {
      if (!rule.check(params)) {
        ctx.addIssue({
          code: 'custom',
          path: [rule.field],
          message: rule.problem,
          input: params[rule.field],
          params: { got: quoteFields<ParamsOf<M>>(params, rule.show) },
        });
      }
    }
  }) as unknown as z.ZodType<ParamsOf<M>>;
  return { specs, schema };
}

const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);

/** Converts one CLI string to the parameter's type; non-strings pass through to the schema. */
function convertRaw(spec: ParamSpec, raw: string | number | boolean): unknown {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim();
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const value = text === '' ? NaN : Number(text);
      if (!Number.isFinite(value)) {
        throw new InputError(
          spec.name,
          raw,
          `expected ${spec.type === 'integer' ? 'an integer' : 'a number'}`,
        );
      }
      return value;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.has(lower)) return true;
      if (FALSE_WORDS.has(lower)) return false;
      throw new InputError(spec.name, raw, 'expected true or false');
    }
    case 'enum':
      return text;
  }
}

/** Maps the first zod issue to an InputError naming the parameter and its value. */
function issueToError(issue: z.core.$ZodIssue, values: Record<string, unknown>): InputError {
  const field = issue.path.length > 0 ? String(issue.path[0]) : 'params';
  if (issue.code === 'unrecognized_keys') {
    return new InputError('param', issue.keys[0], 'unknown parameter');
  }
  const got =
    issue.code === 'custom' ? (issue.params as { got?: string } | undefined)?.got : undefined;
  const error = new InputError(field, values[field], issue.message);
  // Cross-field errors quote every field involved ("got slow=10, fast=50").
  if (got !== undefined) error.message = `${field}: ${issue.message} (got ${got})`;
  return error;
}

/**
 * Validates parameters against a definition: CLI strings are converted by the declared type,
 * unknown names are rejected, defaults fill the rest. Every problem is an InputError naming the
 * parameter and the value given.
 */
export function parseParamValues<P>(
  definition: StrategyDefinition<P>,
  raw: Readonly<Record<string, string | number | boolean>>,
): P {
  const byName = new Map(definition.params.map((spec) => [spec.name, spec]));
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const spec = byName.get(name);
    if (!spec) {
      const known = definition.params.map((p) => p.name).join(', ');
      throw new InputError(
        'param',
        name,
        `unknown parameter of ${definition.id} (known: ${known || 'none'})`,
      );
    }
    values[name] = convertRaw(spec, value);
  }
  const result = definition.schema.safeParse(values);
  if (!result.success) throw issueToError(result.error.issues[0], values);
  return result.data;
}

/** Splits repeated `--param name=value` flags into a raw record (later flags win). */
export function parseParamArgs(args: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq).trim() : '';
    if (name === '') throw new InputError('param', arg, 'expected NAME=VALUE');
    raw[name] = arg.slice(eq + 1);
  }
  return raw;
}

/** The parameter object type of a `defineParams` result. */
export type InferParams<D> = D extends DeclaredParams<infer P> ? P : never;
