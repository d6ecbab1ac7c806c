import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { Store } from '../store/database.ts';

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * Runs a compiled Kysely select. On SQLite the statement is prepared once per SQL text and
 * reused (Kysely's SQLite driver prepares on every call, which dominated the hot read routes);
 * other dialects go through Kysely as usual (their drivers cache on the server side).
 */
export async function selectRows<R>(store: Store, query: CompiledQuery<R>): Promise<R[]> {
  const sqlite = store.sqlite;
  if (!sqlite) return (await store.db.executeQuery(query)).rows;
  let cache = statements.get(sqlite);
  if (!cache) {
    cache = new Map();
    statements.set(sqlite, cache);
  }
  let statement = cache.get(query.sql);
  if (!statement) {
    statement = sqlite.prepare(query.sql);
    // Bounded: a handful of query shapes per route, never per value.
    if (cache.size < 500) cache.set(query.sql, statement);
  }
  return statement.all(...(query.parameters as unknown[])) as R[];
}
