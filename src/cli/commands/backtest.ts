import type { Command } from 'commander';
import { formatMetric, metricLabels, type MetricKey } from '../../analytics/index.ts';
import type { BacktestResultJson } from '../../backtest/result.ts';
import type { BacktestRequest } from '../../app/backtest-run.ts';
import type { DataSelection } from '../../app/backtest-data.ts';
import { InputError } from '../../domain/errors.ts';
import { collectKeyValue, parseList, parseNumberOption } from '../options.ts';
import { writeJson, writeOut } from '../output.ts';
import { textTable } from '../table.ts';

interface BacktestFlags {
  strategy: string;
  param?: Record<string, string>;
  data?: string[];
  symbols?: string;
  demo?: boolean;
  seed?: string;
  from?: string;
  to?: string;
  cash?: string;
  sizing?: string;
  costs?: string;
  commission?: string;
  slippageBps?: string;
  spreadBps?: string;
  participation?: string;
  benchmark?: string;
  allowShort?: boolean;
  riskFree?: string;
  json?: boolean;
  report?: string;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Run a strategy over historical bars with realistic micro-cap costs')
    .requiredOption('--strategy <id>', 'strategy id (see `microcap strategies`)')
    .option('--param <name=value>', 'strategy parameter, repeatable', collectKeyValue)
    .option('--data <file...>', 'CSV files (Yahoo format), one symbol each')
    .option('--symbols <list>', 'comma-separated symbols stored in the database')
    .option('--demo', 'the synthetic demo universe (clearly labelled synthetic)')
    .option('--seed <n>', 'seed of the demo universe')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--cash <n>', 'initial capital', '10000')
    .option('--sizing <rule>', 'all-in | percent:N | shares:N | risk:N', 'all-in')
    .option('--costs <mode>', 'default (micro-cap costs) | none (no costs, no volume cap)')
    .option(
      '--commission <spec>',
      'zero | us-broker | per-share:X[,min=M,max=F] | percent:N | fixed:N',
    )
    .option('--slippage-bps <n>', 'fixed slippage in basis points')
    .option('--spread-bps <n>', 'fixed bid-ask spread in basis points (half paid per fill)')
    .option('--participation <fraction>', "most of a bar's volume an order may take (0.1)")
    .option('--benchmark <file|symbol>', 'benchmark for alpha, beta and information ratio')
    .option('--allow-short', 'allow short positions (borrow fee charged)')
    .option('--risk-free <rate>', 'annual risk-free rate as a fraction', '0')
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
  const sources = [flags.data, flags.symbols, flags.demo].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw new InputError(
      'data',
      sources.length === 0 ? '' : 'several sources',
      'choose exactly one of --data FILE..., --symbols A,B or --demo',
    );
  }
  let data: DataSelection;
  if (flags.data) data = { kind: 'files', paths: flags.data };
  else if (flags.symbols !== undefined)
    data = { kind: 'symbols', symbols: parseList(flags.symbols) };
  else {
    const seed = parseNumberOption('seed', flags.seed);
    if (seed !== undefined && !Number.isSafeInteger(seed)) {
      throw new InputError('seed', flags.seed, 'expected a whole number');
    }
    data = seed === undefined ? { kind: 'demo' } : { kind: 'demo', seed };
  }
  if (flags.seed !== undefined && !flags.demo) {
    throw new InputError('seed', flags.seed, 'only applies with --demo');
  }
  if (flags.costs !== undefined && flags.costs !== 'default' && flags.costs !== 'none') {
    throw new InputError('costs', flags.costs, 'expected default or none');
  }
  return {
    strategy: flags.strategy,
    params: flags.param ?? {},
    data,
    from: flags.from,
    to: flags.to,
    cash: parseNumberOption('cash', flags.cash),
    sizing: flags.sizing,
    costs: flags.costs as 'default' | 'none' | undefined,
    commission: flags.commission,
    slippageBps: parseNumberOption('slippage-bps', flags.slippageBps),
    spreadBps: parseNumberOption('spread-bps', flags.spreadBps),
    participation: parseNumberOption('participation', flags.participation),
    benchmark: flags.benchmark,
    allowShort: flags.allowShort ?? false,
    riskFreeRate: parseNumberOption('risk-free', flags.riskFree),
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
