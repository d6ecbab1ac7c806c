import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { LlmCallRepository } from '../../src/ai/store/llm-call-repository.ts';
import { migrateAiTables } from '../../src/ai/store/migrate.ts';
import type { BacktestResultJson } from '../../src/backtest/result.ts';
import { openDatabase } from '../../src/store/database.ts';
import { AuditTrail } from '../../src/server/audit-trail.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { BacktestResultRepository } from '../../src/store/repositories/backtest-result-repository.ts';
import { NewsRepository } from '../../src/store/repositories/news-repository.ts';
import { projectRoot } from '../support/shared-data.ts';
import { cleanLlmEnv, runMicrocapAsync } from './support/cli.ts';
import { startFakeOpenAi } from './support/fake-openai.ts';
import type { FakeOpenAi } from './support/fake-openai.ts';

/** `microcap analyze` and `microcap news` end to end, on a temporary SQLite database. */

const API_KEY = 'sk-cli-test-KEY-9f8e7d6c5b4a3210';
const BACKTEST_FILE = join(projectRoot, 'test/fixtures/ai/backtest-result.json');
let dir: string;
let fake: FakeOpenAi;
let feeds: Server;
let feedBase: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcap-ai-'));
  fake = await startFakeOpenAi();
  feeds = createServer((req, res) => {
    const name =
      req.url === '/acme.rss' ? 'acme-rss.xml' : req.url === '/acme.atom' ? 'acme-atom.xml' : null;
    if (!name) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(readFileSync(join(projectRoot, 'test/fixtures/ai', name)));
  });
  await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
  feedBase = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  feeds.closeAllConnections();
  await new Promise<void>((resolve) => feeds.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const dbUrl = (name: string): string => `sqlite:${join(dir, name)}`;

describe('microcap analyze', () => {
  it('works offline with no key and no configuration, naming the local provider', async () => {
    const env = cleanLlmEnv({ DATABASE_URL: dbUrl('offline.db') });
    const text = await runMicrocapAsync(['analyze', '--backtest', BACKTEST_FILE], env);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Answered by: local (model local-analyst-v1)');
    expect(text.stdout).toContain('Summary: ma-crossover');
    expect(text.stdout).toMatch(/Confidence: \d\.\d\d/);

    const json = await runMicrocapAsync(['analyze', '--backtest', BACKTEST_FILE, '--json'], env);
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.meta).toMatchObject({
      provider: 'local',
      model: 'local-analyst-v1',
      source: 'live',
    });
    expect(out.backtest).toMatchObject({ file: BACKTEST_FILE, id: null, strategy: 'ma-crossover' });
    expect(Object.keys(out.insights)).toEqual([
      'summary',
      'strengths',
      'weaknesses',
      'risks',
      'overfittingConcerns',
      'suggestedParameterChanges',
      'confidence',
    ]);
  });

  it('replays stored answers byte for byte without calling the server; no key in logs or the DB', async () => {
    const env = cleanLlmEnv({
      DATABASE_URL: dbUrl('replay.db'),
      LLM_BASE_URL: fake.baseUrl,
      LLM_API_KEY: API_KEY,
      LLM_MODEL: 'gpt-4o-mini',
      LOG_LEVEL: 'debug',
    });
    fake.requests.length = 0;
    const live = await runMicrocapAsync(['analyze', '--backtest', BACKTEST_FILE, '--json'], env);
    expect(live.status).toBe(0);
    expect(JSON.parse(live.stdout).meta).toMatchObject({ provider: 'openai', source: 'live' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].authorization).toBe(`Bearer ${API_KEY}`);

    const args = ['analyze', '--backtest', BACKTEST_FILE, '--ai-replay', '--json'];
    const first = await runMicrocapAsync(args, env);
    const second = await runMicrocapAsync(args, env);
    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(first.stdout).meta).toMatchObject({ provider: 'openai', source: 'replay' });
    expect(JSON.parse(first.stdout).insights).toEqual(JSON.parse(live.stdout).insights);
    expect(fake.requests).toHaveLength(1);

    // A failing server: logs carry the failure (at debug level) but never the key.
    fake.setDefault({ kind: 'server-error' });
    const failing = await runMicrocapAsync(
      ['analyze', '--backtest', BACKTEST_FILE, '--provider', 'openai'],
      { ...env, MICROCAP_NOTE: 'x' },
    );
    fake.setDefault({ kind: 'ok' });
    expect(failing.status).toBe(0);
    expect(failing.stdout).toContain('Answered by: local');
    expect(failing.stdout).toContain('openai failed: openai: HTTP 500');
    const logs = [live, first, second, failing].map((r) => r.stderr).join('');
    expect(logs).toContain('ai provider failed');
    expect(logs).not.toContain(API_KEY);

    // The compliance archive holds the prompts and answers, with hashes, and no key.
    const store = await openDatabase(dbUrl('replay.db'));
    await migrateAiTables(store);
    const calls = await new LlmCallRepository(store).list();
    await store.close();
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.some((c) => c.provider === 'openai' && c.status === 'ok')).toBe(true);
    for (const call of calls) {
      expect(call.promptHash).toMatch(/^[0-9a-f]{64}$/);
      expect(call.prompt).toContain('ma-crossover');
    }
    const files = ['replay.db', 'replay.db-wal'].map((f) => join(dir, f)).filter(existsSync);
    for (const file of files) expect(readFileSync(file).includes(API_KEY)).toBe(false);
  });

  it('replay with nothing stored fails with one line and exit 2', async () => {
    const env = cleanLlmEnv({ DATABASE_URL: dbUrl('empty.db') });
    const result = await runMicrocapAsync(
      ['analyze', '--backtest', BACKTEST_FILE, '--ai-replay'],
      env,
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^microcap: ai-replay: no stored AI response/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('stores the insights with a backtest given by id', async () => {
    const url = dbUrl('stored.db');
    const store = await openDatabase(url);
    await migrateToLatest(store);
    const result = JSON.parse(readFileSync(BACKTEST_FILE, 'utf8')) as BacktestResultJson;
    const id = await new BacktestResultRepository(store).save(result);
    await store.close();

    const before = Date.now();
    const auditKey = 'cli-audit-key-0123456789';
    const run = await runMicrocapAsync(
      ['analyze', '--backtest', id],
      cleanLlmEnv({ DATABASE_URL: url, MICROCAP_AUDIT_KEY: auditKey }),
    );
    const after = Date.now();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Insights stored with backtest ${id}`);

    const reopened = await openDatabase(url);
    const saved = await new BacktestResultRepository(reopened).get(id);
    // The call is archived in llm_calls and chained into the audit trail (keyed) as llm.call.
    const calls = await sql<{
      id: string;
      prompt_hash: string;
      response_hash: string;
    }>`select id, prompt_hash, response_hash from llm_calls`.execute(reopened.db);
    const audit = createRepositories(reopened).audit;
    const entries = (await audit.list()).filter((entry) => entry.action === 'llm.call');
    const verified = await new AuditTrail(audit, auditKey).verify();
    await reopened.close();
    expect(calls.rows).toHaveLength(1);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: expect.stringMatching(/^cli:/),
      target: calls.rows[0].id,
      details: {
        provider: 'local',
        task: 'strategy-evaluation',
        status: 'ok',
        promptHash: calls.rows[0].prompt_hash,
        responseHash: calls.rows[0].response_hash,
      },
    });
    expect(verified).toMatchObject({ ok: true, firstBad: null });
    const insights = saved?.aiInsights as {
      insights: { summary: string };
      meta: { provider: string };
      analysedAt: string;
    };
    expect(insights.meta.provider).toBe('local');
    expect(insights.insights.summary).toContain('ma-crossover');
    // Dated when the analysis finished, so the report can say when it was made.
    expect(insights.analysedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(insights.analysedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(insights.analysedAt)).toBeLessThanOrEqual(after);
  });

  it('rejects bad input with one line and exit 2', async () => {
    const env = cleanLlmEnv({ DATABASE_URL: dbUrl('bad.db') });
    const cases: [string[], RegExp][] = [
      [['analyze', '--backtest', 'no-such-id'], /backtest: neither a file nor the id/],
      [
        ['analyze', '--backtest', join(projectRoot, 'package.json')],
        /not a backtest --json result/,
      ],
      [['analyze', '--backtest', BACKTEST_FILE, '--provider', 'claude'], /provider/],
      [
        ['analyze', '--backtest', BACKTEST_FILE, '--provider', 'openai'],
        /provider: needs LLM_API_KEY/,
      ],
      [['analyze'], /--backtest/],
    ];
    for (const [args, message] of cases) {
      const result = await runMicrocapAsync(args, env);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});

describe('microcap news', () => {
  it('fetches RSS and Atom feeds idempotently and prints a daily sentiment series', async () => {
    const url = dbUrl('news.db');
    const env = cleanLlmEnv({ DATABASE_URL: url });
    const rss = await runMicrocapAsync(
      ['news', 'fetch', 'acme', '--feed', `${feedBase}/acme.rss`, '--json'],
      env,
    );
    expect(rss.stderr).toBe('');
    expect(rss.status).toBe(0);
    const report = JSON.parse(rss.stdout);
    expect(report).toMatchObject({ symbol: 'ACME', format: 'rss', items: 3, skipped: 1 });
    expect(report.scoredBy).toEqual([
      { provider: 'local', model: 'local-analyst-v1', source: 'live' },
    ]);

    const again = await runMicrocapAsync(
      ['news', 'fetch', 'ACME', '--feed', `${feedBase}/acme.rss`],
      env,
    );
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Scored by: local (local-analyst-v1)');
    const atom = await runMicrocapAsync(
      ['news', 'fetch', 'ACME', '--feed', `${feedBase}/acme.atom`],
      env,
    );
    expect(atom.status).toBe(0);

    const store = await openDatabase(url);
    const items = await new NewsRepository(store).list({ symbol: 'ACME' });
    await store.close();
    expect(items).toHaveLength(5);
    const byId = new Map(items.map((i) => [i.externalId, i]));
    expect(byId.get('acme-2024-001')!.sentiment!).toBeGreaterThan(0);
    expect(byId.get('acme-2024-002')!.sentiment!).toBeLessThan(0);
    expect(byId.get('urn:acme:fda-2024')!.source).toBe('feed:127.0.0.1');

    const series = await runMicrocapAsync(['news', 'sentiment', 'ACME', '--json'], env);
    expect(series.status).toBe(0);
    const out = JSON.parse(series.stdout);
    expect(out.series.map((d: { date: string; items: number }) => [d.date, d.items])).toEqual([
      ['2024-01-02', 2],
      ['2024-01-03', 1],
      ['2024-01-04', 1],
      ['2024-01-05', 1],
    ]);
    expect(out.series[2].sentiment).toBeLessThan(0);
    const window = await runMicrocapAsync(
      ['news', 'sentiment', 'ACME', '--from', '2024-01-03', '--to', '2024-01-04', '--json'],
      env,
    );
    expect(JSON.parse(window.stdout).series.map((d: { date: string }) => d.date)).toEqual([
      '2024-01-03',
      '2024-01-04',
    ]);
    const text = await runMicrocapAsync(['news', 'sentiment', 'ACME'], env);
    expect(text.stdout).toContain('2024-01-02');
  });

  it('rejects bad input with one line and exit 2', async () => {
    const env = cleanLlmEnv({ DATABASE_URL: dbUrl('news-bad.db') });
    const cases: [string[], RegExp][] = [
      [['news', 'fetch', 'ACME', '--feed', 'ftp://x/y'], /feed: expected an http\(s\) URL/],
      [['news', 'fetch', 'AC ME', '--feed', `${feedBase}/acme.rss`], /symbol/],
      [['news', 'fetch', 'ACME', '--feed', `${feedBase}/missing.rss`], /answered HTTP 404/],
      [
        ['news', 'sentiment', 'ACME', '--from', '2024-02-01', '--to', '2024-01-01'],
        /from: is after/,
      ],
      [['news', 'sentiment', 'ACME', '--from', '2024-02-30'], /from: not a calendar date/],
    ];
    for (const [args, message] of cases) {
      const result = await runMicrocapAsync(args, env);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
