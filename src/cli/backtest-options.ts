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

/** `--seed` for backtest; optimize keeps `--seed` for its random search and uses `--demo-seed`. */
export type DemoSeedFlag = 'seed' | 'demo-seed';

/** --data, --symbols, --demo, the demo seed, --from and --to. */
export function addDataSourceOptions(command: Command, demoSeedFlag: DemoSeedFlag): Command {
  return command
    .option('--data <file...>', 'CSV files (Yahoo format), one symbol each')
    .option('--symbols <list>', 'comma-separated symbols stored in the database')
    .option('--demo', 'the synthetic demo universe (symbols SYN-…)')
    .option(`--${demoSeedFlag} <n>`, 'seed of the demo universe')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD');
}

/** Defaults that differ between the commands (the engine's own apply where none is given). */
export interface BacktestSettingDefaults {
  readonly sizing?: string;
  readonly riskFree?: string;
}

/** --cash, --sizing, --costs, --commission, the bps flags, --participation, --allow-short, --risk-free. */
export function addBacktestSettingOptions(
  command: Command,
  defaults: BacktestSettingDefaults = {},
): Command {
  return command
    .option('--cash <n>', 'initial capital', '10000')
    .option('--sizing <rule>', 'all-in | percent:N | shares:N | risk:N', defaults.sizing)
    .option('--costs <mode>', 'default (micro-cap costs) | none (no costs, no volume cap)')
    .option(
      '--commission <spec>',
      'zero | us-broker | per-share:X[,min=M,max=F] | percent:N | fixed:N',
    )
    .option('--slippage-bps <n>', 'fixed slippage in basis points')
    .option('--spread-bps <n>', 'fixed bid-ask spread in basis points (half paid per fill)')
    .option('--participation <fraction>', "most of a bar's volume an order may take (0.1)")
    .option('--allow-short', 'allow short positions (borrow fee charged)')
    .option('--risk-free <rate>', 'annual risk-free rate as a fraction', defaults.riskFree);
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
