import { createBarSeries, type BarSeries } from '../../src/domain/bars.ts';
import { parseIsoDate } from '../../src/domain/time.ts';
import { openDatabase, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import type { StoreDialect } from '../../src/store/database.ts';

/** [date, open, high, low, close, volume] */
export type BarRow = readonly [string, number, number, number, number, number];

export function bars(symbol: string, rows: readonly BarRow[]): BarSeries {
  return createBarSeries(symbol, {
    time: rows.map((r) => parseIsoDate(r[0])),
    open: rows.map((r) => r[1]),
    high: rows.map((r) => r[2]),
    low: rows.map((r) => r[3]),
    close: rows.map((r) => r[4]),
    volume: rows.map((r) => r[5]),
  });
}

/** A migrated store on a fresh database (SQLite temp file by default); `dispose` drops it. */
export async function tempStore(dialect: StoreDialect = 'sqlite'): Promise<{
  store: Store;
  database: TestDatabase;
  dispose: () => Promise<void>;
}> {
  const database = await createTestDatabase(dialect);
  const store = await openDatabase(database.url);
  await migrateToLatest(store);
  return {
    store,
    database,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}
