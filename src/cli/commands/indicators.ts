import type { Command } from 'commander';
import type { BarSeries } from '../../domain/bars.ts';
import { InputError } from '../../domain/errors.ts';
import { toIsoDate, toIsoTime } from '../../domain/time.ts';
import { INDICATORS, parseIndicatorSpec } from '../../indicators/registry.ts';
import type { IndicatorSpec } from '../../indicators/registry.ts';
import { loadCsvFile } from '../../market-data/csv.ts';
import { writeJson, writeOut } from '../output.ts';

const DAY_MS = 86_400_000;

/**
 * Numbers are printed rounded to 10 decimal places with trailing zeros dropped
 * (50.6024237480 -> 50.602423748, 2.5000000000 -> 2.5): enough for prices and oscillators,
 * without float noise such as 0.30000000000000004.
 */
export function formatNumber(value: number): string {
  let text = value.toFixed(10);
  if (text.includes('e')) return String(value);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/** Daily data (every bar at UTC midnight) prints YYYY-MM-DD; intraday data full ISO times. */
function dateFormatter(time: Float64Array): (ms: number) => string {
  const daily = time.every((ms) => ms % DAY_MS === 0);
  return daily ? toIsoDate : toIsoTime;
}

/** Column names as printed: single-output indicators print one `value` column. */
export function indicatorTable(
  series: BarSeries,
  spec: IndicatorSpec,
  columns: Record<string, Float64Array>,
): { header: string[]; dates: string[]; values: Float64Array[] } {
  const formatDate = dateFormatter(series.time);
  return {
    header: ['date', ...spec.outputs],
    dates: Array.from(series.time, formatDate),
    values: spec.outputs.map((name) => columns[name]),
  };
}

function toCsv(table: ReturnType<typeof indicatorTable>): string {
  const lines = [table.header.join(',')];
  for (let i = 0; i < table.dates.length; i++) {
    let line = table.dates[i];
    for (const column of table.values) {
      const value = column[i];
      line += ',' + (Number.isFinite(value) ? formatNumber(value) : '');
    }
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

function toJsonRows(table: ReturnType<typeof indicatorTable>): Record<string, unknown>[] {
  return table.dates.map((date, i) => {
    const row: Record<string, unknown> = { date };
    table.values.forEach((column, c) => {
      const value = column[i];
      row[table.header[c + 1]] = Number.isFinite(value) ? Number(formatNumber(value)) : null;
    });
    return row;
  });
}

function catalogue(): string {
  const lines = ['NAME[:ARGS]'.padEnd(40) + ' ' + 'OUTPUTS'.padEnd(23) + ' DESCRIPTION'];
  for (const spec of INDICATORS) {
    const args = spec.args.map((a) => `${a.name}=${a.default}`).join(',');
    const usage = args ? `${spec.name}:${args}` : spec.name;
    lines.push(`${usage.padEnd(40)} ${spec.outputs.join(',').padEnd(23)} ${spec.description}`);
  }
  return lines.join('\n') + '\n';
}

function catalogueJson(): unknown {
  return INDICATORS.map((spec) => ({
    name: spec.name,
    description: spec.description,
    inputs: spec.inputs,
    args: spec.args.map((a) => ({
      name: a.name,
      type: a.kind,
      default: a.default,
      min: a.min ?? null,
      max: a.max ?? null,
      ...(a.choices ? { values: a.choices } : {}),
      description: a.description,
    })),
    outputs: spec.outputs,
  }));
}

interface IndicatorsOptions {
  data?: string;
  indicator?: string;
  format: string;
  json?: boolean;
  list?: boolean;
}

export function registerIndicatorsCommand(program: Command): void {
  program
    .command('indicators')
    .description('Compute a technical indicator over a CSV file of daily bars')
    .option('--data <file>', 'CSV file with Date, Open, High, Low, Close, Volume columns')
    .option(
      '--indicator <name[:args]>',
      'e.g. rsi:14, macd:12,26,9, bbands:20,2, pivots:woodie,week',
    )
    .option('--format <format>', 'csv or json', 'csv')
    .option('--json', 'same as --format json')
    .option('--list', 'list the indicators, their arguments and output columns')
    .addHelpText(
      'after',
      '\nWarm-up bars print an empty field (csv) or null (json). Numbers are rounded to 10 decimal\n' +
        'places. Indicators read the raw (unadjusted) columns. See docs/indicators.md.\n\n' +
        'Examples:\n' +
        '  microcap indicators --data orcl.csv --indicator rsi:14\n' +
        '  microcap indicators --data orcl.csv --indicator macd:12,26,9 --format json\n' +
        '  microcap indicators --list',
    )
    .action(async (options: IndicatorsOptions) => {
      const format = options.json ? 'json' : options.format.toLowerCase();
      if (format !== 'csv' && format !== 'json') {
        throw new InputError('format', options.format, 'expected csv or json');
      }
      if (options.list) {
        await (format === 'json' ? writeJson(catalogueJson()) : writeOut(catalogue()));
        return;
      }
      if (!options.indicator) throw new InputError('indicator', undefined, 'required, e.g. rsi:14');
      if (!options.data) throw new InputError('data', undefined, 'required: a CSV file of bars');
      // Parse the indicator first: a typo should not wait for a large file to load.
      const parsed = parseIndicatorSpec(options.indicator);
      const series = await loadCsvFile(options.data);
      const columns = parsed.spec.compute(series, parsed.args);
      const table = indicatorTable(series, parsed.spec, columns);
      await (format === 'json' ? writeJson(toJsonRows(table)) : writeOut(toCsv(table)));
    });
}
