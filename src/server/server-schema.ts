import type { Kysely } from 'kysely';
import type { Store } from '../store/database.ts';
import type { Database, SessionTable } from '../store/schema.ts';

/**
 * The columns and table that migration 0004-api-security adds, seen through Kysely. Kept here
 * (not in the shared schema.ts) because only the API layer reads them.
 */
export interface SessionFamilyTable {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface ServerDatabase extends Omit<
  Database,
  'sessions' | 'strategies' | 'backtest_results'
> {
  sessions: SessionTable & { family_id: string | null; replaced_at: number | null };
  session_families: SessionFamilyTable;
  strategies: Database['strategies'] & { owner_id: string | null };
  backtest_results: Database['backtest_results'] & { owner_id: string | null };
}

/** The store's Kysely handle with the API layer's columns visible. */
export function serverDb(store: Store): Kysely<ServerDatabase> {
  return store.db as unknown as Kysely<ServerDatabase>;
}
