import type { Command } from 'commander';

type Registration = (program: Command) => void;

/**
 * Every CLI command lives in its own file and is listed here, one line each, in the order
 * `microcap --help` shows them. Modules load on demand: a run imports only the command it
 * executes (a one-year backtest must start fast), `--help` and unknown commands load them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Registration>>> = {
  serve: async () => (await import('./serve.ts')).registerServeCommand,
  strategies: async () => (await import('./strategies.ts')).registerStrategiesCommand,
  backtest: async () => (await import('./backtest.ts')).registerBacktestCommand,
  optimize: async () => (await import('./optimize.ts')).registerOptimizeCommand,
  indicators: async () => (await import('./indicators.ts')).registerIndicatorsCommand,
  db: async () => (await import('./db.ts')).registerDbCommand,
  data: async () => (await import('./data.ts')).registerDataCommand,
  'demo-data': async () => (await import('./demo-data.ts')).registerDemoDataCommand,
  analyze: async () => (await import('./analyze.ts')).registerAnalyzeCommand,
  news: async () => (await import('./news.ts')).registerNewsCommand,
  paper: async () => (await import('./paper.ts')).registerPaperCommand,
  signals: async () => (await import('./signals.ts')).registerSignalsCommand,
  schedules: async () => (await import('./schedules.ts')).registerSchedulesCommand,
  worker: async () => (await import('./worker.ts')).registerWorkerCommand,
  users: async () => (await import('./users.ts')).registerUsersCommand,
  audit: async () => (await import('./audit.ts')).registerAuditCommand,
  keys: async () => (await import('./keys.ts')).registerKeysCommand,
};

/** Registers the command named first in argv, or every command when none is recognised. */
export async function registerCommands(
  program: Command,
  argv: readonly string[] = [],
): Promise<void> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const names =
    first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  const registrations = await Promise.all(names.map((name) => COMMANDS[name]()));
  for (const register of registrations) register(program);
}
