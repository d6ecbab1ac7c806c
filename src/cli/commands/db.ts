import type { Command } from 'commander';
import { openDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { writeJson, writeOut } from '../output.ts';

/** `microcap db migrate`: brings the database named by DATABASE_URL to the latest schema. */
export function registerDbCommand(program: Command): void {
  const db = program
    .command('db')
    .description('Database maintenance (the database is chosen by DATABASE_URL)');
  db.command('migrate')
    .description('Apply pending schema migrations; safe to run any number of times')
    .option('--json', 'print { database, dialect, applied, all } as JSON')
    .addHelpText(
      'after',
      '\nDATABASE_URL: sqlite:PATH (default sqlite:./data/microcap.db), sqlite::memory:,\n' +
        'postgres://user:pass@host:5432/db or mysql://user:pass@host:3306/db (MariaDB too).',
    )
    .action(async (options: { json?: boolean }) => {
      const store = await openDatabase();
      try {
        const report = await migrateToLatest(store);
        if (options.json) {
          await writeJson({ database: store.url, dialect: store.dialect, ...report });
        } else if (report.applied.length === 0) {
          await writeOut(`${store.url}: schema up to date (${report.all.length} migrations)\n`);
        } else {
          await writeOut(`${store.url}: applied ${report.applied.join(', ')}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
