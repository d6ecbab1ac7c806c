import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, parseMasterKey } from '../../src/infra/secrets.ts';
import { CredentialVault } from '../../src/server/credential-vault.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { TEST_MASTER_KEY, startTestServer, userWithRole } from './support/harness.ts';
import type { LoggedIn, TestServer } from './support/harness.ts';

const SECRET = 'av-PLAINTEXT-key-9f8e7d6c5b4a';

let server: TestServer;
let admin: LoggedIn;

beforeAll(async () => {
  server = await startTestServer();
  admin = await userWithRole(server, 'admin');
});
afterAll(async () => server?.close());

/** Every byte of the SQLite database (main file, WAL and shared memory). */
function databaseBytes(): Buffer {
  const path = server.database.url.replace(/^sqlite:/, '');
  const dir = dirname(path);
  return Buffer.concat(
    readdirSync(dir)
      .filter((name) => name.startsWith('test.db'))
      .map((name) => readFileSync(`${dir}/${name}`)),
  );
}

describe('stored API keys', () => {
  it('are encrypted in the database, masked in answers and absent from logs', async () => {
    const put = await server.app.inject({
      method: 'PUT',
      url: '/api/credentials',
      headers: admin.auth,
      payload: { provider: 'alphavantage', label: 'default', value: SECRET },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json<{ masked: string }>().masked).toBe('av-…5b4a');
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/credentials',
      headers: admin.auth,
    });
    expect(list.body).not.toContain(SECRET);
    expect(list.json<unknown[]>()).toHaveLength(1);

    // Replacing a shared key keeps one row.
    await server.app.inject({
      method: 'PUT',
      url: '/api/credentials',
      headers: admin.auth,
      payload: { provider: 'alphavantage', label: 'default', value: SECRET },
    });
    expect((await createRepositories(server.store).credentials.list()).length).toBe(1);

    const row = (await createRepositories(server.store).credentials.list())[0];
    expect(row.encryptedValue).not.toContain(SECRET);
    expect(row.keyVersion).toBe(1);
    await server.store.close().catch(() => undefined);
    // Search the raw files: the secret and its base64 must not be anywhere.
    const bytes = databaseBytes();
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
    expect(bytes.includes(Buffer.from(Buffer.from(SECRET).toString('base64')))).toBe(false);
    const logs = server.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(SECRET);
  });
});

describe('CredentialVault.rotate', () => {
  it('re-encrypts every secret under the new key; the old key is then no longer needed', async () => {
    const other = await startTestServer();
    try {
      const repository = createRepositories(other.store).credentials;
      const oldKey = parseMasterKey(TEST_MASTER_KEY);
      const newKey = parseMasterKey('2:' + Buffer.alloc(32, 9).toString('base64'));
      await new CredentialVault(repository, createKeyring(oldKey)).put(
        null,
        'tiingo',
        'a',
        'tok-1111-aaaa',
      );
      await new CredentialVault(repository, createKeyring(oldKey)).put(
        null,
        'openai',
        'b',
        'sk-2222-bbbb',
      );
      const rotating = new CredentialVault(repository, createKeyring(newKey, [oldKey]));
      expect(await rotating.rotate()).toEqual({ rotated: 2, total: 2 });
      const rows = await repository.list();
      expect(rows.map((r) => r.keyVersion)).toEqual([2, 2]);
      const onlyNew = new CredentialVault(repository, createKeyring(newKey));
      expect(await onlyNew.reveal(null, 'tiingo', 'a')).toBe('tok-1111-aaaa');
      expect(await onlyNew.reveal(null, 'openai', 'b')).toBe('sk-2222-bbbb');
    } finally {
      await other.close();
    }
  });
});
