import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../src/domain/errors.ts';
import { describeMachine } from './machine.ts';

/**
 * `npm run bench [filter]`: runs every bench/*.bench.ts module (each exports `run()`), printing
 * figures and the machine. Benchmarks print; they never fail a build on timing.
 */
const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = (await readdir(here))
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

console.log(`microcap benchmarks on ${describeMachine()}`);
try {
  for (const file of files) {
    console.log(`\n== ${file.replace('.bench.ts', '')}`);
    const module = (await import(pathToFileURL(`${here}/${file}`).href)) as {
      run: () => Promise<void> | void;
    };
    await module.run();
  }
} catch (error) {
  // A bad setting (e.g. API_BENCH_ROUTES) is one line naming it, as in the CLI; the rest throws.
  if (!(error instanceof InputError)) throw error;
  console.error(`microcap bench: ${error.message}`);
  process.exitCode = 2;
}
