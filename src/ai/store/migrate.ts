import type { Store } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';

const migrated = new WeakSet<Store>();

/**
 * The AI layer's table (llm_calls) is one of the store's migrations; this brings a store the AI
 * service was handed up to date once, for callers that opened it without migrating.
 */
export async function migrateAiTables(store: Store): Promise<void> {
  if (migrated.has(store)) return;
  await migrateToLatest(store);
  migrated.add(store);
}
