import { InputError } from '../domain/errors.ts';
import { bollingerStrategy } from './bollinger.ts';
import { breakoutStrategy } from './breakout.ts';
import { fourWeekRuleStrategy } from './four-week-rule.ts';
import { maCrossoverStrategy } from './ma-crossover.ts';
import { macdStrategy } from './macd.ts';
import { parseParamValues } from './params.ts';
import { pivotPointStrategy } from './pivot-point.ts';
import { rsiStrategy } from './rsi.ts';
import { supportResistanceStrategy } from './support-resistance.ts';
import { turtleStrategy } from './turtle.ts';
import type { Strategy, StrategyDefinition } from './types.ts';
import { volumeBreakoutStrategy } from './volume-breakout.ts';

/** Any registered definition, whatever its parameter type. */
// Parameters are validated by the definition's own schema, so callers hold them as a record.
export type AnyStrategyDefinition = StrategyDefinition<Record<string, unknown>>;

const BUILT_IN: readonly AnyStrategyDefinition[] = [
  maCrossoverStrategy,
  rsiStrategy,
  macdStrategy,
  bollingerStrategy,
  turtleStrategy,
  fourWeekRuleStrategy,
  supportResistanceStrategy,
  pivotPointStrategy,
  breakoutStrategy,
  volumeBreakoutStrategy,
] as unknown as readonly AnyStrategyDefinition[];

const definitions = new Map<string, AnyStrategyDefinition>();

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * Adds a strategy to the catalogue (built-ins register at load; plug-ins call this too).
 * Ids are lower-case kebab words and must be unique.
 */
export function registerStrategy<P>(definition: StrategyDefinition<P>): void {
  if (!ID_PATTERN.test(definition.id)) {
    throw new InputError(
      'strategy',
      definition.id,
      'ids are lower-case letters, digits and dashes',
    );
  }
  if (definitions.has(definition.id)) {
    throw new InputError(
      'strategy',
      definition.id,
      'a strategy with this id is already registered',
    );
  }
  definitions.set(definition.id, definition as unknown as AnyStrategyDefinition);
}

for (const definition of BUILT_IN) registerStrategy(definition);

/** Every registered strategy: built-ins in their documented order, then plug-ins as added. */
export function listStrategies(): AnyStrategyDefinition[] {
  return [...definitions.values()];
}

export function getStrategy(id: string): AnyStrategyDefinition {
  const definition = definitions.get(id);
  if (!definition) {
    throw new InputError(
      'strategy',
      id,
      `unknown strategy; known: ${[...definitions.keys()].join(', ')}`,
    );
  }
  return definition;
}

export interface CreatedStrategy {
  readonly definition: AnyStrategyDefinition;
  /** Validated parameters with defaults filled in (what a result records as `params`). */
  readonly params: Record<string, unknown>;
  readonly strategy: Strategy;
}

/** Looks up, validates raw (CLI or JSON) parameters, and builds a fresh instance. */
export function createStrategy(
  id: string,
  raw: Readonly<Record<string, string | number | boolean>> = {},
): CreatedStrategy {
  const definition = getStrategy(id);
  const params = parseParamValues(definition, raw);
  return { definition, params, strategy: definition.create(params) };
}
