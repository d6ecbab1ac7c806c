import { CommanderError } from 'commander';
import { InputError } from '../../../src/domain/errors.ts';
import { buildProgram } from '../../../src/cli/program.ts';
import { registerDataFetchCommand } from '../../../src/market-data/fetch-command.ts';

/**
 * The microcap CLI with `data fetch` attached, for tests, whether or not the lead has wired
 * registerDataFetchCommand into src/cli/commands yet. Maps errors like src/cli/program.ts.
 */
const program = buildProgram();
const data = program.commands.find((c) => c.name() === 'data');
if (!data) throw new Error('the data command is not registered');
if (!data.commands.some((c) => c.name() === 'fetch')) registerDataFetchCommand(data);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else if (error instanceof InputError) {
    process.stderr.write(`microcap: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`microcap: unexpected failure: ${(error as Error).stack}\n`);
    process.exitCode = 1;
  }
}
