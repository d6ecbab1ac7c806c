import { Migrator } from 'kysely/migration';
import type { Migration, MigrationProvider, MigrationResult } from 'kysely/migration';
import type { Store, StoreDialect } from './database.ts';
import * as initialSchema from './migrations/0001-initial-schema.ts';
import * as apiSecurity from './migrations/0004-api-security.ts';
import * as paperSignalsSchedules from './migrations/0010-paper-signals-schedules.ts';
import * as llmCalls from './migrations/0011-llm-calls.ts';
import * as auditChainLink from './migrations/0012-audit-chain-link.ts';

/** Migration modules in order; each exports up(db, dialect) and down(db). Names never change. */
const MIGRATIONS = [
  ['0001-initial-schema', initialSchema],
  ['0004-api-security', apiSecurity],
  ['0010-paper-signals-schedules', paperSignalsSchedules],
  ['0011-llm-calls', llmCalls],
  ['0012-audit-chain-link', auditChainLink],
] as const;

/** Kysely's static provider: migrations are TS modules bound to the store's dialect. */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    async getMigrations() {
      const migrations: Record<string, Migration> = {};
      for (const [name, module] of MIGRATIONS) {
        migrations[name] = {
          up: (db) => module.up(db, dialect),
          down: (db) => module.down(db, dialect),
        };
      }
      return migrations;
    },
  };
}

export interface MigrationReport {
  /** Migrations applied by this call, in order (empty when already up to date). */
  readonly applied: string[];
  /** Every known migration, in order. */
  readonly all: string[];
}

/** Brings the schema to the latest migration; safe to call on every start (idempotent). */
export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider(store.dialect) });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely takes no migration lock on SQLite (it assumes one connection), so processes starting
  // together on a fresh file (a server and its workers) can race: the loser's transaction rolls
  // back with "already exists". Reading the now-applied list again settles it.
  for (let attempt = 1; error && store.dialect === 'sqlite' && attempt <= 3; attempt++) {
    if (!/already exists/i.test(error instanceof Error ? error.message : String(error))) break;
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      `migration ${failed ?? '(lock or bookkeeping)'} failed on ${store.url}: ${cause}`,
      {
        cause: error,
      },
    );
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    all: MIGRATIONS.map(([name]) => name),
  };
}
