import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
for (const file of files) {
  console.log(`\n== ${file.replace('.bench.ts', '')}`);
  const module = (await import(pathToFileURL(`${here}/${file}`).href)) as {
    run: () => Promise<void> | void;
  };
  await module.run();
}
