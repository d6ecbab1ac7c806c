import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.ts';
import type { Store } from '../store/database.ts';
import { VersionedCache, databaseVersion } from './versioned-cache.ts';

describe('VersionedCache', () => {
  let dir: string;
  let url: string;
  let store: Store;
  let other: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microcap-versioned-cache-'));
    url = `sqlite:${join(dir, 'cache.db')}`;
    store = await openDatabase(url);
    store.sqlite!.exec('CREATE TABLE t (x INTEGER)');
    // A second connection to the same file stands in for another process.
    other = await openDatabase(url);
  });

  afterEach(async () => {
    await store.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function count(s: Store): number {
    return s.sqlite!.prepare('SELECT count(*) FROM t').pluck().get() as number;
  }

  it('reuses an answer while the database is unchanged', async () => {
    const cache = new VersionedCache<number>(store, { maxEntries: 10 });
    let computed = 0;
    const compute = async () => {
      computed++;
      return count(store);
    };
    expect(await cache.get('k', compute)).toBe(0);
    expect(await cache.get('k', compute)).toBe(0);
    expect(computed).toBe(1);
  });

  it("recomputes after this connection's own write", async () => {
    const cache = new VersionedCache<number>(store, { maxEntries: 10 });
    const compute = async () => count(store);
    expect(await cache.get('k', compute)).toBe(0);
    store.sqlite!.exec('INSERT INTO t VALUES (1)');
    expect(await cache.get('k', compute)).toBe(1);
  });

  it('recomputes after another connection commits', async () => {
    const cache = new VersionedCache<number>(store, { maxEntries: 10 });
    const compute = async () => count(store);
    expect(await cache.get('k', compute)).toBe(0);
    const before = databaseVersion(store);
    other.sqlite!.exec('INSERT INTO t VALUES (1), (2)');
    // Another connection's commit is seen from the next event-loop turn on.
    await new Promise((resolve) => setImmediate(resolve));
    expect(databaseVersion(store)).not.toBe(before);
    expect(await cache.get('k', compute)).toBe(2);
  });

  it('does not keep an entry larger than the size budget', async () => {
    const cache = new VersionedCache<string>(store, {
      maxEntries: 10,
      maxSize: 5,
      sizeOf: (text) => text.length,
    });
    let computed = 0;
    const compute = async () => {
      computed++;
      return 'too long';
    };
    await cache.get('k', compute);
    await cache.get('k', compute);
    expect(computed).toBe(2);
  });
});
