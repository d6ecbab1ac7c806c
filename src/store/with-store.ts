import { openDatabase } from './database.ts';
import type { Store } from './database.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * Opens the store named by DATABASE_URL (or `url`), brings its schema up to date, runs `work`
 * and always closes the connection, so CLI commands never leave a pool open.
 */
export async function withStore<T>(work: (store: Store) => Promise<T>, url?: string): Promise<T> {
  const store = await openDatabase(url);
  try {
    await migrateToLatest(store);
    return await work(store);
  } finally {
    await store.close();
  }
}
