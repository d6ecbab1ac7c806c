import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/database.ts';
import type { Store } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { DatabaseRevocationList } from './revocation.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('DatabaseRevocationList', () => {
  let dir: string;
  let server: Store;
  let otherProcess: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microcap-revocation-'));
    const url = `sqlite:${join(dir, 'api.db')}`;
    server = await openDatabase(url);
    await migrateToLatest(server);
    // Another connection to the same file plays a second server process or the CLI.
    otherProcess = await openDatabase(url);
    otherProcess
      .sqlite!.prepare(
        `INSERT INTO users (id, email, password_hash, role, created_at, updated_at)
         VALUES ('u1', 'a@example.com', 'x', 'trader', 0, 0)`,
      )
      .run();
    otherProcess
      .sqlite!.prepare(
        `INSERT INTO session_families (id, user_id, created_at, expires_at, revoked_at, revoked_reason)
         VALUES ('f1', 'u1', 0, 9e15, NULL, NULL)`,
      )
      .run();
    await nextTurn();
  });

  afterEach(async () => {
    await server.close();
    await otherProcess.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees a revocation committed by another process', async () => {
    const list = new DatabaseRevocationList(server);
    expect(await list.isRevoked('f1')).toBe(false);
    expect(await list.isRevoked('f1')).toBe(false);
    otherProcess
      .sqlite!.prepare(`UPDATE session_families SET revoked_at = 1 WHERE id = 'f1'`)
      .run();
    await nextTurn();
    expect(await list.isRevoked('f1')).toBe(true);
  });

  it('sees its own process’s revocation at once', async () => {
    const list = new DatabaseRevocationList(server);
    expect(await list.isRevoked('f1')).toBe(false);
    server.sqlite!.prepare(`UPDATE session_families SET revoked_at = 1 WHERE id = 'f1'`).run();
    expect(await list.isRevoked('f1')).toBe(true);
  });

  it('counts an unknown family as revoked', async () => {
    expect(await new DatabaseRevocationList(server).isRevoked('nope')).toBe(true);
  });
});
