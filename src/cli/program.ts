import { Command, CommanderError } from 'commander';
import { InputError } from '../domain/errors.ts';
import { registerCommands } from './commands/index.ts';

/** Exit status for bad input (flags, files, parameters); 1 is kept for unexpected failures. */
export const EXIT_BAD_INPUT = 2;

/** The program with the commands argv needs (all of them when argv names none). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('microcap')
    .description('Research, backtest and paper-trade strategies on micro-cap stocks')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      // commander prints "error: ..." itself; keep it to one line on stderr.
      outputError: (text, write) => write(`microcap: ${text.replace(/^error: /, '').trim()}\n`),
    });
  await registerCommands(program, argv);
  return program;
}

/** Parses argv and runs the command; returns the process exit status. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      return EXIT_BAD_INPUT;
    }
    if (error instanceof InputError) {
      process.stderr.write(`microcap: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`microcap: unexpected failure: ${message}\n`);
    return 1;
  }
}
