import type { Command } from 'commander';
import { registerAnalyzeCommand } from './analyze.ts';
import { registerAuditCommand } from './audit.ts';
import { registerBacktestCommand } from './backtest.ts';
import { registerDataCommand } from './data.ts';
import { registerDbCommand } from './db.ts';
import { registerDemoDataCommand } from './demo-data.ts';
import { registerIndicatorsCommand } from './indicators.ts';
import { registerKeysCommand } from './keys.ts';
import { registerNewsCommand } from './news.ts';
import { registerOptimizeCommand } from './optimize.ts';
import { registerPaperCommand } from './paper.ts';
import { registerSchedulesCommand } from './schedules.ts';
import { registerSignalsCommand } from './signals.ts';
import { registerServeCommand } from './serve.ts';
import { registerStrategiesCommand } from './strategies.ts';
import { registerUsersCommand } from './users.ts';
import { registerWorkerCommand } from './worker.ts';

/** Every CLI command lives in its own file and registers itself here, one line each. */
const registrations: ReadonlyArray<(program: Command) => void> = [
  registerStrategiesCommand,
  registerBacktestCommand,
  registerIndicatorsCommand,
  registerDbCommand,
  registerDataCommand,
  registerDemoDataCommand,
  registerAnalyzeCommand,
  registerNewsCommand,
  registerOptimizeCommand,
  registerWorkerCommand,
  registerPaperCommand,
  registerSignalsCommand,
  registerSchedulesCommand,
  registerServeCommand,
  registerUsersCommand,
  registerAuditCommand,
  registerKeysCommand,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
