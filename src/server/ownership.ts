import type { Store } from '../store/database.ts';
import { serverDb } from './server-schema.ts';

/** Owner columns (migration 0004) of the tables whose repositories do not know about owners. */
export type OwnedTable = 'strategies' | 'backtest_results';

export async function setOwner(
  store: Store,
  table: OwnedTable,
  id: string,
  ownerId: string | null,
): Promise<void> {
  await serverDb(store)
    .updateTable(table)
    .set({ owner_id: ownerId })
    .where('id', '=', id)
    .execute();
}

/** The owner of a row: undefined when the row does not exist, null when nobody owns it. */
export async function ownerOf(
  store: Store,
  table: OwnedTable,
  id: string,
): Promise<string | null | undefined> {
  const row = await serverDb(store)
    .selectFrom(table)
    .select('owner_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : row.owner_id;
}

/** Ids of the rows a user owns (for list routes of users who see only their own). */
export async function idsOwnedBy(
  store: Store,
  table: OwnedTable,
  ownerId: string,
): Promise<Set<string>> {
  const rows = await serverDb(store)
    .selectFrom(table)
    .select('id')
    .where('owner_id', '=', ownerId)
    .execute();
  return new Set(rows.map((row) => row.id));
}
