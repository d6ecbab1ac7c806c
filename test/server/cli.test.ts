import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared-data.ts';
import { runMicrocap } from '../support/cli.ts';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcap-api-cli-'));
  env = {
    DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
    MICROCAP_MASTER_KEY: '1:' + Buffer.alloc(32, 3).toString('base64'),
    LOG_LEVEL: 'warn',
    REDIS_URL: '',
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('microcap users / audit / keys', () => {
  it('adds, lists, re-roles and resets users, and audits each change', () => {
    const add = runMicrocap(
      ['users', 'add', '--email', 'Trader@Example.com', '--role', 'trader', '--json'],
      env,
    );
    expect(add.status, add.stderr).toBe(0);
    const created = JSON.parse(add.stdout) as { email: string; role: string; password: string };
    expect(created).toMatchObject({ email: 'trader@example.com', role: 'trader' });
    expect(created.password.length).toBeGreaterThanOrEqual(20);

    const list = runMicrocap(['users', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ email: 'trader@example.com', role: 'trader', disabled: false }),
    ]);
    expect(list.stdout).not.toMatch(/argon2/);

    expect(runMicrocap(['users', 'set-role', 'trader@example.com', 'analyst'], env).status).toBe(0);
    const reset = runMicrocap(['users', 'reset-password', 'trader@example.com'], env);
    expect(reset.stdout).toMatch(/new password \(shown once\): \S{20,}/);
    expect(JSON.parse(runMicrocap(['users', 'list', '--json'], env).stdout)[0].role).toBe(
      'analyst',
    );

    for (const args of [
      ['users', 'add', '--email', 'not-an-email', '--role', 'trader'],
      ['users', 'add', '--email', 'x@example.com', '--role', 'wizard'],
      ['users', 'set-role', 'nobody@example.com', 'viewer'],
    ]) {
      const bad = runMicrocap(args, env);
      expect(bad.status, args.join(' ')).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
    const audit = JSON.parse(runMicrocap(['audit', 'list', '--json'], env).stdout) as {
      action: string;
    }[];
    expect(audit.map((e) => e.action)).toEqual([
      'user.create',
      'user.update',
      'user.password-reset',
    ]);
  });

  it('audit verify names the edited row and exits 1', () => {
    const ok = runMicrocap(['audit', 'verify'], env);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/intact: 3 row/);
    const db = new BetterSqlite3(join(dir, 'db.sqlite'));
    db.prepare("update audit_log set target = 'someone-else' where seq = 2").run();
    db.close();
    const broken = runMicrocap(['audit', 'verify', '--json'], env);
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      firstBad: { seq: 2, problem: 'edited' },
    });
  });

  it('keys rotate re-encrypts under the new master key', () => {
    const newKey = runMicrocap(['keys', 'generate', '--key-version', '2'], env).stdout.trim();
    expect(newKey).toMatch(/^2:/);
    const db = new BetterSqlite3(join(dir, 'db.sqlite'));
    db.prepare(
      "insert into api_credentials values ('c1', null, 'tiingo', 'x', 'AAAA', 'AAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAA==', 1, 0, 0)",
    ).run();
    db.close();
    // A row the old key cannot open makes rotation fail loudly, changing nothing.
    const failed = runMicrocap(['keys', 'rotate'], {
      ...env,
      MICROCAP_MASTER_KEY: newKey,
      MICROCAP_OLD_MASTER_KEYS: env.MICROCAP_MASTER_KEY,
    });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/authentication/);
  });
});

describe('microcap serve', () => {
  it('creates the first admin once, prints how to log in, serves, and stops on SIGTERM', async () => {
    const serveDir = mkdtempSync(join(tmpdir(), 'microcap-serve-'));
    const child = spawn(
      process.execPath,
      [join(projectRoot, 'src/cli/main.ts'), 'serve', '--port', '0'],
      {
        cwd: projectRoot,
        env: { ...process.env, ...env, DATABASE_URL: `sqlite:${join(serveDir, 'db.sqlite')}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
        child.stdout.on('data', () => {
          const match = /Dashboard: (http:\/\/\S+)\/\n/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const password = /password: (\S+)/.exec(out)![1];
      expect(out).toMatch(/email: +admin@microcap\.local/);
      expect(out).toMatch(/shown only once/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@microcap.local', password }),
      });
      expect(login.status).toBe(200);
      // First start on an empty database: the synthetic demo universe is stored and announced.
      expect(out).toMatch(/Loaded the SYNTHETIC demo universe \(51 series/);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const symbols = await fetch(`${url}/api/market-data/symbols`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(JSON.stringify(await symbols.json())).toContain('SYN-INDEX');
      const exit = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(serveDir, { recursive: true, force: true });
    }
  }, 40_000);
});
