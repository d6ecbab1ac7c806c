import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail, canonicalJson, sanitiseDetails } from '../../src/server/audit-trail.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { startTestServer, userWithRole } from './support/harness.ts';
import type { LoggedIn, TestServer } from './support/harness.ts';

let server: TestServer;
let admin: LoggedIn;
let compliance: LoggedIn;

beforeAll(async () => {
  server = await startTestServer();
  admin = await userWithRole(server, 'admin');
  compliance = await userWithRole(server, 'compliance');
  // A few state changes to chain.
  for (let i = 0; i < 3; i++) {
    await server.app.inject({
      method: 'POST',
      url: '/api/portfolios',
      headers: admin.auth,
      payload: { name: `p${i}`, initialCash: 1_000 },
    });
  }
});
afterAll(async () => server?.close());

async function verify() {
  const response = await server.app.inject({
    method: 'GET',
    url: '/api/audit/verify',
    headers: compliance.auth,
  });
  expect(response.statusCode).toBe(200);
  return response.json<{
    ok: boolean;
    checked: number;
    firstBad: { seq: number; problem: string; message: string } | null;
  }>();
}

async function rows() {
  return createRepositories(server.store).audit.list({ limit: 10_000 });
}

describe('audit trail', () => {
  it('records logins and state changes with actor, target, ip and chained hashes', async () => {
    const entries = await rows();
    const actions = entries.map((e) => e.action);
    expect(actions).toContain('auth.login');
    expect(actions.filter((a) => a === 'portfolio.create')).toHaveLength(3);
    const create = entries.find((e) => e.action === 'portfolio.create')!;
    expect(create.actor).toBe(admin.userId);
    expect(create.target).toMatch(/^[0-9a-f-]{36}$/);
    expect(create.ip).toBeTruthy();
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i].prevHash).toBe(entries[i - 1].hash);
      expect(entries[i].hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const listed = await server.app.inject({
      method: 'GET',
      url: '/api/audit',
      headers: compliance.auth,
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<unknown[]>().length).toBeGreaterThan(3);
    expect((await verify()).ok).toBe(true);
  });

  it('never stores a password or a secret value in the details', async () => {
    await server.app.inject({
      method: 'PUT',
      url: '/api/credentials',
      headers: admin.auth,
      payload: { provider: 'tiingo', label: 'main', value: 'tiingo-secret-value-123456' },
    });
    await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: admin.email, password: 'a wrong password that is long' },
    });
    const text = JSON.stringify(await rows());
    expect(text).not.toContain('tiingo-secret-value-123456');
    expect(text).not.toContain('a wrong password that is long');
    expect(sanitiseDetails({ a: { apiKey: 'k', password: 'p', ok: 1 } })).toEqual({
      a: { apiKey: '[redacted]', password: '[redacted]', ok: 1 },
    });
  });

  it('names the edited row when one row is changed directly in the database', async () => {
    const entries = await rows();
    const victim = entries[2];
    await sql`update audit_log set details_json = ${'{"forged":true}'} where seq = ${victim.seq}`.execute(
      server.store.db,
    );
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ seq: victim.seq, problem: 'edited' });
    expect(result.firstBad!.message).toContain(`row ${victim.seq}`);
    // Restore, and the chain verifies again.
    await sql`update audit_log set details_json = ${JSON.stringify(victim.details)} where seq = ${victim.seq}`.execute(
      server.store.db,
    );
    expect((await verify()).ok).toBe(true);
  });

  it('names the row after a removed row, and a reordered pair', async () => {
    const trail = new AuditTrail(createRepositories(server.store).audit);
    const before = await rows();
    const removed = before[3];
    const backup = await sql<
      Record<string, unknown>
    >`select * from audit_log where seq = ${removed.seq}`.execute(server.store.db);
    await sql`delete from audit_log where seq = ${removed.seq}`.execute(server.store.db);
    const afterDelete = await trail.verify();
    expect(afterDelete.firstBad).toMatchObject({
      seq: before[4].seq,
      problem: 'removed-or-reordered',
    });
    const row = backup.rows[0];
    await sql`insert into audit_log (seq, ts, actor, action, target, details_json, ip, prev_hash, hash)
      values (${row.seq}, ${row.ts}, ${row.actor}, ${row.action}, ${row.target}, ${row.details_json}, ${row.ip}, ${row.prev_hash}, ${row.hash})`.execute(
      server.store.db,
    );
    expect((await trail.verify()).ok).toBe(true);

    // Swap the contents of rows 2 and 3 (same seqs, different order of events).
    const [a, b] = [before[1], before[2]];
    const swap = async (seq: number, from: typeof a) =>
      sql`update audit_log set ts = ${from.ts}, actor = ${from.actor}, action = ${from.action},
        target = ${from.target}, details_json = ${JSON.stringify(from.details)}, ip = ${from.ip},
        prev_hash = ${from.prevHash}, hash = ${from.hash} where seq = ${seq}`.execute(
        server.store.db,
      );
    // prev_hash is unique (one entry per link), so a swap parks one row's link first.
    const park = (seq: number) =>
      sql`update audit_log set prev_hash = ${`parked-${seq}`} where seq = ${seq}`.execute(
        server.store.db,
      );
    await park(a.seq);
    await swap(b.seq, a);
    await swap(a.seq, b);
    const reordered = await trail.verify();
    expect(reordered.ok).toBe(false);
    expect(reordered.firstBad!.seq).toBe(a.seq);
    await park(a.seq);
    await swap(b.seq, b);
    await swap(a.seq, a);
    expect((await trail.verify()).ok).toBe(true);
  });

  it('with a server key, a row whose hash was recomputed without the key still fails', async () => {
    const repository = createRepositories(server.store).audit;
    const keyed = new AuditTrail(repository, 'server-audit-key-0123456789');
    const plain = new AuditTrail(repository);
    // Existing rows are unkeyed: a keyed verifier rejects the very first one.
    expect((await keyed.verify()).firstBad?.seq).toBe((await rows())[0].seq);
    expect((await plain.verify()).ok).toBe(true);
  });

  it('serialises canonically whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(canonicalJson({ x: undefined, y: 1 })).toBe('{"y":1}');
  });

  it('refuses the verify route to roles without audit permissions', async () => {
    const trader = await userWithRole(server, 'trader');
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: trader.auth,
    });
    expect(response.statusCode).toBe(403);
  });
});
