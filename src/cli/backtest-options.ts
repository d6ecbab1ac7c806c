import type { Command } from 'commander';
import type { DataSelection } from '../app/backtest-data.ts';
import { InputError } from '../domain/errors.ts';
import type { SweepBacktestSettings } from '../optimize/spec.ts';
import { parseList, parseNumberOption } from './options.ts';

/**
 * The flags `microcap backtest` and `microcap optimize` share: where the bars come from, the
 * date range, and the engine settings (capital, sizing, costs, shorting, risk-free rate). One
 * declaration and one parser, so both commands accept and check them alike.
 */

/** Where the bars come from, plus the date range; the demo seed's flag name is the caller's. */
export interface DataSourceFlags {
  data?: string[];
  symbols?: string;
  demo?: boolean;
  from?: string;
  to?: string;
}

/** Engine settings, as commander hands them over (text). */
export interface BacktestSettingFlags {
  cash?: string;
  sizing?: string;
  costs?: string;
  commission?: string;
  slippageBps?: string;
  spreadBps?: string;
  participation?: string;
  allowShort?: boolean;
  riskFree?: string;
}

/** Every shared flag. */
export interface RunFlags extends DataSourceFlags, BacktestSettingFlags {}

/** `--seed` for backtest; optimize keeps `--seed` for its random search and uses `--demo-seed`. */
export type DemoSeedFlag = 'seed' | 'demo-seed';

/** What differs between the commands (the engine's defaults apply where none is given). */
export interface RunOptionSettings {
  readonly demoSeedFlag: DemoSeedFlag;
  readonly sizing?: string;
  readonly riskFree?: string;
}

/**
 * Declares --data, --symbols, --demo, the demo seed, --from, --to, then the engine settings
 * --cash, --sizing, --costs, --commission, --slippage-bps, --spread-bps, --participation,
 * --allow-short and --risk-free.
 */
export function addRunOptions(command: Command, settings: RunOptionSettings): Command {
  return command
    .option('--data <file...>', 'CSV files (Yahoo format), one symbol each')
    .option('--symbols <list>', 'comma-separated symbols stored in the database')
    .option('--demo', 'the synthetic demo universe (symbols SYN-…)')
    .option(`--${settings.demoSeedFlag} <n>`, 'seed of the demo universe')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--cash <n>', 'initial capital', '10000')
    .option('--sizing <rule>', 'all-in | percent:N | shares:N | risk:N', settings.sizing)
    .option('--costs <mode>', 'default (micro-cap costs) | none (no costs, no volume cap)')
    .option(
      '--commission <spec>',
      'zero | us-broker | per-share:X[,min=M,max=F] | percent:N | fixed:N',
    )
    .option('--slippage-bps <n>', 'fixed slippage in basis points')
    .option('--spread-bps <n>', 'fixed bid-ask spread in basis points (half paid per fill)')
    .option('--participation <fraction>', "most of a bar's volume an order may take (0.1)")
    .option('--allow-short', 'allow short positions (borrow fee charged)')
    .option('--risk-free <rate>', 'annual risk-free rate as a fraction', settings.riskFree);
}

/**
 * Exactly one of --data, --symbols and --demo, as a DataSelection. `demoSeed` is the text of the
 * demo seed flag (named `demoSeedFlag` in errors).
 */
export function parseDataSelection(
  flags: DataSourceFlags,
  demoSeedFlag: DemoSeedFlag,
  demoSeed: string | undefined,
): DataSelection {
  const sources = [flags.data, flags.symbols, flags.demo].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw new InputError(
      'data',
      sources.length === 0 ? '' : 'several sources',
      'choose exactly one of --data FILE..., --symbols A,B or --demo',
    );
  }
  if (flags.data) return { kind: 'files', paths: flags.data };
  if (flags.symbols !== undefined) return { kind: 'symbols', symbols: parseList(flags.symbols) };
  const seed = parseNumberOption(demoSeedFlag, demoSeed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new InputError(demoSeedFlag, demoSeed, 'expected a whole number');
  }
  return seed === undefined ? { kind: 'demo' } : { kind: 'demo', seed };
}

/** The engine settings, checked: --costs is default or none, the numbers are numbers. */
export function parseBacktestSettings(flags: BacktestSettingFlags): SweepBacktestSettings {
  if (flags.costs !== undefined && flags.costs !== 'default' && flags.costs !== 'none') {
    throw new InputError('costs', flags.costs, 'expected default or none');
  }
  return {
    cash: parseNumberOption('cash', flags.cash),
    sizing: flags.sizing,
    costs: flags.costs,
    commission: flags.commission,
    slippageBps: parseNumberOption('slippage-bps', flags.slippageBps),
    spreadBps: parseNumberOption('spread-bps', flags.spreadBps),
    participation: parseNumberOption('participation', flags.participation),
    allowShort: flags.allowShort ?? false,
    riskFreeRate: parseNumberOption('risk-free', flags.riskFree),
  };
}
