import type { Command } from 'commander';
import { registerStrategiesCommand } from './strategies.ts';

/** Every CLI command lives in its own file and registers itself here, one line each. */
const registrations: ReadonlyArray<(program: Command) => void> = [registerStrategiesCommand];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
