import type { Command } from 'commander';
import { formatMetric, metricLabels, type MetricKey } from '../../analytics/index.ts';
import type { BacktestResultJson } from '../../backtest/result.ts';
import type { BacktestRequest } from '../../app/backtest-run.ts';
import { InputError } from '../../domain/errors.ts';
import {
  addRunOptions,
  parseBacktestSettings,
  parseDataSelection,
  type RunFlags,
} from '../backtest-options.ts';
import { collectKeyValue } from '../options.ts';
import { writeJson, writeOut } from '../output.ts';
import { textTable } from '../table.ts';

interface BacktestFlags extends RunFlags {
  strategy: string;
  param?: Record<string, string>;
  seed?: string;
  benchmark?: string;
  json?: boolean;
  report?: string;
}

export function registerBacktestCommand(program: Command): void {
  const command = program
    .command('backtest')
    .description('Run a strategy over historical bars with realistic micro-cap costs')
    .requiredOption('--strategy <id>', 'strategy id (see `microcap strategies`)')
    .option('--param <name=value>', 'strategy parameter, repeatable', collectKeyValue);
  addRunOptions(command, { demoSeedFlag: 'seed', sizing: 'all-in', riskFree: '0' })
    .option('--benchmark <file|symbol>', 'benchmark for alpha, beta and information ratio')
    .option('--json', 'print the result as JSON')
    .option('--report <file.html>', 'write a self-contained HTML report')
    .action(async (flags: BacktestFlags) => {
      const request = toRequest(flags);
      // Loaded on use, so other commands and --help start fast.
      const { runBacktestRequest } = await import('../../app/backtest-run.ts');
      const outcome = await runBacktestRequest(request);
      if (flags.report !== undefined) {
        const { writeHtmlReport } = await import('../../report/html.ts');
        await writeHtmlReport(flags.report, {
          result: outcome.result,
          bars: outcome.series,
          benchmark: outcome.benchmarkCurve ?? undefined,
        });
      }
      if (flags.json) await writeJson(outcome.result);
      else await writeOut(summaryText(outcome.result, flags.report));
    });
}

function toRequest(flags: BacktestFlags): BacktestRequest {
  const data = parseDataSelection(flags, 'seed', flags.seed);
  if (flags.seed !== undefined && !flags.demo) {
    throw new InputError('seed', flags.seed, 'only applies with --demo');
  }
  return {
    strategy: flags.strategy,
    params: flags.param ?? {},
    data,
    from: flags.from,
    to: flags.to,
    ...parseBacktestSettings(flags),
    benchmark: flags.benchmark,
  };
}

const SUMMARY_KEYS: readonly MetricKey[] = [
  'totalReturn',
  'cagr',
  'volatility',
  'sharpeRatio',
  'sortinoRatio',
  'calmarRatio',
  'maxDrawdown',
  'maxDrawdownDuration',
  'trades',
  'winRate',
  'profitFactor',
  'expectancy',
  'avgTradeDuration',
  'exposure',
  'totalCosts',
  'buyAndHoldReturn',
  'alpha',
  'beta',
  'informationRatio',
];

function summaryText(result: BacktestResultJson, reportPath: string | undefined): string {
  const lines: string[] = [];
  if (result.synthetic)
    lines.push('SYNTHETIC DATA: the demo universe is generated, not real prices.');
  const params = Object.entries(result.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  lines.push(`${result.strategy} ${params}`.trim());
  const symbols =
    result.symbols.length > 6
      ? `${result.symbols.slice(0, 6).join(', ')} and ${result.symbols.length - 6} more`
      : result.symbols.join(', ');
  lines.push(`${symbols} | ${result.start} .. ${result.end}`);
  lines.push(`capital ${result.initialCapital.toFixed(2)} -> ${result.finalValue.toFixed(2)}`, '');
  const rows = SUMMARY_KEYS.map((key) => [
    metricLabels[key].label,
    formatMetric(key, result.metrics[key] ?? null),
  ]);
  lines.push(textTable(rows, new Set([1])));
  if (reportPath !== undefined) lines.push('', `report written to ${reportPath}`);
  return lines.join('\n') + '\n';
}
