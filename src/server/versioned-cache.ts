import type BetterSqlite3 from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import type { Store } from '../store/database.ts';

interface VersionStatements {
  readonly dataVersion: BetterSqlite3.Statement;
  readonly totalChanges: BetterSqlite3.Statement;
}

const versionStatements = new WeakMap<BetterSqlite3.Database, VersionStatements>();

/** data_version as last read, per connection, and whether it is still this event-loop turn's. */
const dataVersions = new WeakMap<BetterSqlite3.Database, { value: string; fresh: boolean }>();

/**
 * A value that changes whenever the SQLite database changes, from this process or any other:
 * `total_changes()` counts this connection's own row changes (read every time: a request sees
 * the writes of the request before it), and `data_version` moves when another connection (a
 * worker, `microcap data import`) commits. The pragma looks at the file, which under load cost
 * more than the lookups it guards, so it is read once per event-loop turn: another process's
 * commit is seen by the requests of the next turn (milliseconds later), as if it had come a
 * moment later. Null for other dialects, which get no caching.
 */
export function databaseVersion(store: Store): string | null {
  const sqlite = store.sqlite;
  if (!sqlite) return null;
  let statements = versionStatements.get(sqlite);
  if (!statements) {
    statements = {
      dataVersion: sqlite.prepare('PRAGMA data_version').pluck(),
      totalChanges: sqlite.prepare('SELECT total_changes()').pluck(),
    };
    versionStatements.set(sqlite, statements);
  }
  let external = dataVersions.get(sqlite);
  if (!external || !external.fresh) {
    const read = { value: String(statements.dataVersion.get()), fresh: true };
    dataVersions.set(sqlite, read);
    setImmediate(() => {
      read.fresh = false;
    });
    external = read;
  }
  return `${external.value}:${String(statements.totalChanges.get())}`;
}

/**
 * Answers computed from the database, reused only while the database is unchanged: each entry
 * remembers the databaseVersion it was computed at, and any write anywhere makes it stale. So a
 * cached answer is never older than the last committed write, across processes.
 */
export class VersionedCache<V extends NonNullable<unknown>> {
  readonly #store: Store;
  readonly #entries: LRUCache<string, { version: string; value: V }>;

  /** `sizeOf` with `maxSize` bounds memory (e.g. text length), else `maxEntries` alone. */
  constructor(
    store: Store,
    limits: { maxEntries: number; maxSize?: number; sizeOf?: (value: V) => number },
  ) {
    this.#store = store;
    const { maxEntries, maxSize, sizeOf } = limits;
    this.#entries =
      maxSize !== undefined && sizeOf !== undefined
        ? new LRUCache({
            max: maxEntries,
            maxSize,
            // An entry larger than the whole budget is simply not kept.
            maxEntrySize: maxSize,
            sizeCalculation: (entry) => Math.max(1, sizeOf(entry.value)),
          })
        : new LRUCache({ max: maxEntries });
  }

  /** The cached value for key if the database has not changed since, else compute() and keep. */
  async get(key: string, compute: () => Promise<V>): Promise<V> {
    const version = databaseVersion(this.#store);
    if (version === null) return compute();
    const hit = this.#entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = await compute();
    // Read the version before computing: a write during compute leaves the entry stale.
    this.#entries.set(key, { version, value });
    return value;
  }
}
