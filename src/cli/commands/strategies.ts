import type { Command } from 'commander';
import {
  getStrategy,
  listStrategies,
  type AnyStrategyDefinition,
} from '../../strategies/registry.ts';
import type { ParamSpec } from '../../strategies/types.ts';
import { writeJson, writeOut } from '../output.ts';
import { textTable } from '../table.ts';

/** The `strategies --json` shape (see docs/architecture.md): one entry per strategy. */
export function strategyToJson(definition: AnyStrategyDefinition): Record<string, unknown> {
  return {
    id: definition.id,
    name: definition.name,
    description: definition.description,
    rules: definition.rules,
    params: definition.params.map((spec) => ({
      name: spec.name,
      type: spec.type,
      default: spec.default,
      // min/max are null for booleans and enums so every parameter has the same keys.
      min: spec.min ?? null,
      max: spec.max ?? null,
      ...(spec.values ? { values: spec.values } : {}),
      description: spec.description,
    })),
  };
}

function formatRange(spec: ParamSpec): string {
  if (spec.values) return spec.values.join('|');
  if (spec.type === 'boolean') return 'true|false';
  return `${spec.min ?? ''}..${spec.max ?? ''}`;
}

function catalogueText(definitions: readonly AnyStrategyDefinition[]): string {
  const rows = [['ID', 'NAME', 'PARAMETERS (default)']];
  for (const d of definitions) {
    const params = d.params.map((p) => `${p.name}=${String(p.default)}`).join(' ');
    rows.push([d.id, d.name, params]);
  }
  return `${textTable(rows)}\n\nDetails: microcap strategies <id>\n`;
}

function detailText(d: AnyStrategyDefinition): string {
  const rules = d.rules.map((rule) => `  - ${rule}`).join('\n');
  const rows = [['NAME', 'TYPE', 'DEFAULT', 'RANGE', 'DESCRIPTION']];
  for (const p of d.params) {
    rows.push([p.name, p.type, String(p.default), formatRange(p), p.description]);
  }
  const params = textTable(rows)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `${d.id}: ${d.name}\n${d.description}\n\nRules:\n${rules}\n\nParameters:\n${params}\n`;
}

export function registerStrategiesCommand(program: Command): void {
  program
    .command('strategies')
    .description('List the strategies with their rules and parameters')
    .argument('[id]', 'show one strategy in detail')
    .option('--json', 'print JSON: an array of { id, name, description, rules, params }')
    .addHelpText(
      'after',
      '\nExamples:\n  microcap strategies\n  microcap strategies turtle\n  microcap strategies --json',
    )
    .action(async (id: string | undefined, options: { json?: boolean }) => {
      const definitions = id === undefined ? listStrategies() : [getStrategy(id)];
      if (options.json) {
        await writeJson(definitions.map(strategyToJson));
      } else if (id === undefined) {
        await writeOut(catalogueText(definitions));
      } else {
        await writeOut(detailText(definitions[0]));
      }
    });
}
