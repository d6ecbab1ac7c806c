import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.ts';
import type { Store, StoreDialect } from '../../src/store/database.ts';

/** Admin URLs for the server databases; CI sets them, a laptop usually does not. */
export const TEST_DATABASE_URLS: Readonly<Record<StoreDialect, string | undefined>> = {
  sqlite: 'sqlite:',
  postgres: process.env.MICROCAP_TEST_POSTGRES_URL,
  mysql: process.env.MICROCAP_TEST_MYSQL_URL,
};

/** The dialects to test here, printing a notice for each one that is skipped. */
export function availableDialects(): StoreDialect[] {
  const dialects: StoreDialect[] = ['sqlite'];
  for (const [dialect, variable] of [
    ['postgres', 'MICROCAP_TEST_POSTGRES_URL'],
    ['mysql', 'MICROCAP_TEST_MYSQL_URL'],
  ] as const) {
    if (TEST_DATABASE_URLS[dialect]) dialects.push(dialect);
    else console.warn(`[store tests] ${variable} is not set: skipping the ${dialect} suite`);
  }
  return dialects;
}

export interface TestDatabase {
  readonly dialect: StoreDialect;
  /** URL of the fresh, empty database (suitable for DATABASE_URL). */
  readonly url: string;
  /** Drops the database (or removes the temp folder). Safe to call twice. */
  drop(): Promise<void>;
}

/** A unique name per run, so leftovers and concurrent runs never collide. */
export function uniqueDatabaseName(): string {
  return `microcap_t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Creates an empty database of the given dialect: a SQLite file in a temp folder, or a new
 * database on the server named by the MICROCAP_TEST_* admin URL.
 */
export async function createTestDatabase(dialect: StoreDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'microcap-store-'));
    return {
      dialect,
      url: `sqlite:${join(dir, 'test.db')}`,
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = TEST_DATABASE_URLS[dialect];
  if (!adminUrl) throw new Error(`no admin URL for ${dialect}`);
  const name = uniqueDatabaseName();
  await adminExecute(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    dialect,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      const force = dialect === 'postgres' ? ' with (force)' : '';
      await adminExecute(adminUrl, `drop database if exists ${name}${force}`);
    },
  };
}

async function adminExecute(adminUrl: string, statement: string): Promise<void> {
  const admin = await openDatabase(adminUrl);
  try {
    const { sql } = await import('kysely');
    await sql.raw(statement).execute(admin.db);
  } finally {
    await admin.close();
  }
}

/** Opens and returns a store on a fresh test database; close the store before dropping. */
export async function openTestStore(
  dialect: StoreDialect,
): Promise<{ store: Store; database: TestDatabase }> {
  const database = await createTestDatabase(dialect);
  try {
    return { store: await openDatabase(database.url), database };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
