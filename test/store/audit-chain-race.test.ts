import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/server/audit-trail.ts';
import { openDatabase } from '../../src/store/database.ts';
import type { Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { availableDialects, createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';

/**
 * Two writers on one audit log, each with a connection of its own (as two API servers, or a
 * server and `microcap users`, have): appends that race for the same end of the chain must
 * still make one chain, which `audit verify` accepts, with nothing lost.
 */
describe.each(availableDialects())('audit chain with two writers (%s)', (dialect) => {
  let database: TestDatabase;
  let stores: Store[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    stores = [await openDatabase(database.url), await openDatabase(database.url)];
    await migrateToLatest(stores[0]);
  });

  afterAll(async () => {
    for (const store of stores) await store.close();
    await database?.drop();
  });

  it('links every append to the one before, however they interleave', async () => {
    const writers = stores.map((store) => new AuditTrail(createRepositories(store).audit));
    const events = Array.from({ length: 60 }, (_, i) => ({
      actor: `writer-${i % 2}`,
      action: 'race.append',
      target: String(i),
    }));
    // Each writer serialises its own appends; the two run against each other.
    await Promise.all(events.map((event, i) => writers[i % 2].record(event)));

    const rows = await createRepositories(stores[0]).audit.list({ limit: 1_000 });
    expect(rows.map((row) => Number(row.target)).sort((a, b) => a - b)).toEqual(
      events.map((_, i) => i),
    );
    expect(new Set(rows.map((row) => row.prevHash)).size).toBe(rows.length);
    expect(await writers[1].verify()).toMatchObject({ ok: true, checked: 60, firstBad: null });
  });
});
