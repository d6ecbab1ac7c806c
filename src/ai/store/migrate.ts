import { Migrator } from 'kysely/migration';
import type { Migration, MigrationProvider } from 'kysely/migration';
import type { Store } from '../../store/database.ts';
import * as llmCalls from './migrations/0001-llm-calls.ts';

/**
 * The AI layer's tables, migrated with their own Kysely bookkeeping tables (ai_migration*) so
 * they need no change to the store's migration list. Idempotent; call before using the tables.
 * The migrations use IF NOT EXISTS, so folding them into the store's list later is harmless.
 */
const MIGRATIONS = [['0001-llm-calls', llmCalls]] as const;

const migrated = new WeakSet<Store>();

export async function migrateAiTables(store: Store): Promise<void> {
  if (migrated.has(store)) return;
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, module] of MIGRATIONS) {
        out[name] = { up: (db) => module.up(db, store.dialect), down: (db) => module.down(db) };
      }
      return out;
    },
  };
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: 'ai_migration',
    migrationLockTableName: 'ai_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`AI table migration failed on ${store.url}: ${cause}`, { cause: error });
  }
  migrated.add(store);
}
