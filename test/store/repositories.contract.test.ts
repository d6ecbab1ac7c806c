import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestResultJson } from '../../src/backtest/result.ts';
import { InputError } from '../../src/domain/errors.ts';
import type { Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import type { Repositories } from '../../src/store/repositories/index.ts';
import type { BarRow } from '../../src/store/repositories/market-data-repository.ts';
import { availableDialects, openTestStore } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2010, 0, 4);

/** Deterministic bars with awkward doubles (thirds, sevenths) and some missing adj closes. */
function makeBars(count: number, offset = 0): BarRow[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const close = 10 + i / 3;
    return {
      time: T0 + i * DAY,
      open: close - 1 / 7,
      high: close + 0.5,
      low: close - 0.5,
      close,
      volume: 1_000 + i * 17,
      adjClose: i % 3 === 0 ? null : close * 0.9,
    };
  });
}

function sampleResult(equityPoints: number): BacktestResultJson {
  return {
    strategy: 'ma-crossover',
    params: { fast: 10, slow: 30, note: 'ünïcødé "quoted" \\ back\nslash' },
    symbols: ['ORCL', 'NVDA'],
    start: '2010-01-04T00:00:00.000Z',
    end: '2014-12-31T00:00:00.000Z',
    initialCapital: 100_000,
    finalValue: 123_456.789,
    synthetic: false,
    settings: { costs: 'default', nested: { list: [1, 2, { deep: null }] } },
    metrics: { totalReturn: 0.23456789, sharpeRatio: 1 / 3, beta: null },
    trades: [
      {
        symbol: 'ORCL',
        side: 'long',
        entryTime: '2010-02-01T00:00:00.000Z',
        entryPrice: 20.5,
        exitTime: '2010-03-01T00:00:00.000Z',
        exitPrice: 22.25,
        quantity: 100,
        pnl: 170.1,
        returnPct: 0.0853,
        commission: 2,
        slippage: 0.5,
        spread: 0.25,
        barsHeld: 19,
        entryReason: 'fast above slow',
        exitReason: 'fast below slow',
      },
    ],
    // Large enough to overflow a 64 KiB TEXT column: MySQL must use LONGTEXT.
    equity: Array.from({ length: equityPoints }, (_, i) => ({
      time: new Date(T0 + i * DAY).toISOString(),
      value: 100_000 + i / 7,
    })),
  };
}

async function rejects(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe.each(availableDialects())('repository contract on %s', (dialect) => {
  let store: Store;
  let database: TestDatabase | undefined;
  let repos: Repositories;

  beforeAll(async () => {
    const opened = await openTestStore(dialect);
    store = opened.store;
    database = opened.database;
    await migrateToLatest(store);
    repos = createRepositories(store);
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('migrations are idempotent and create every table', async () => {
    const again = await migrateToLatest(store);
    expect(again.applied).toEqual([]);
    expect(again.all.length).toBeGreaterThan(0);
    const tables = [
      'market_data',
      'strategies',
      'backtest_results',
      'trades',
      'users',
      'sessions',
      'api_credentials',
      'audit_log',
      'signals',
      'portfolios',
      'positions',
      'orders',
      'news_items',
      'jobs',
    ];
    for (const table of tables) {
      const result = await sql<{
        n: unknown;
      }>`select count(*) as n from ${sql.table(table)}`.execute(store.db);
      expect(Number(result.rows[0].n), table).toBeGreaterThanOrEqual(0);
    }
  });

  it('upserts bars idempotently and reports what changed', async () => {
    const bars = makeBars(50);
    expect(await repos.marketData.upsertBars('AAA', bars, 'csv')).toEqual({
      inserted: 50,
      updated: 0,
      unchanged: 0,
    });
    expect(await repos.marketData.upsertBars('aaa', bars, 'csv')).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 50,
    });
    const changed = bars.map((b, i) => (i === 7 ? { ...b, close: b.close + 0.01 } : b));
    const more = [...changed, ...makeBars(5, 50)];
    expect(await repos.marketData.upsertBars('AAA', more, 'csv', { batchSize: 8 })).toEqual({
      inserted: 5,
      updated: 1,
      unchanged: 49,
    });
    expect(await repos.marketData.countBars('AAA')).toBe(55);
    // A different source is a change too (the source of every bar is recorded).
    expect((await repos.marketData.upsertBars('AAA', more.slice(0, 3), 'yahoo')).updated).toBe(3);
  });

  it('reads back bit-identical values, with null adjusted closes kept apart', async () => {
    const bars = makeBars(40, 100);
    await repos.marketData.upsertBars('BITS', bars, 'csv');
    const series = await repos.marketData.getBars('BITS');
    expect(series.symbol).toBe('BITS');
    expect(series.length).toBe(40);
    expect(Array.from(series.time)).toEqual(bars.map((b) => b.time));
    expect(Array.from(series.open)).toEqual(bars.map((b) => b.open));
    expect(Array.from(series.close)).toEqual(bars.map((b) => b.close));
    expect(Array.from(series.volume)).toEqual(bars.map((b) => b.volume));
    expect(Array.from(series.adjClose!)).toEqual(bars.map((b) => b.adjClose ?? NaN));
  });

  it('answers inclusive range queries in time order', async () => {
    const bars = makeBars(30, 200);
    await repos.marketData.upsertBars('RNG', [...bars].reverse(), 'csv', { batchSize: 7 });
    const from = bars[5].time;
    const to = bars[14].time;
    const range = await repos.marketData.getBars('rng', from, to);
    expect(range.length).toBe(10);
    expect(range.time[0]).toBe(from);
    expect(range.time[9]).toBe(to);
    expect((await repos.marketData.getBars('RNG', bars[29].time + 1)).length).toBe(0);
    expect((await repos.marketData.getBars('RNG', undefined, bars[2].time)).length).toBe(3);
    expect((await repos.marketData.getBars('NOSUCH')).length).toBe(0);
    expect(await rejects(repos.marketData.requireBars('NOSUCH'))).toBeInstanceOf(InputError);
  });

  it('rejects bad bars before writing anything', async () => {
    const bars = makeBars(10, 300);
    const duplicated = [...bars, { ...bars[9] }];
    expect(await rejects(repos.marketData.upsertBars('BAD', duplicated, 'csv'))).toBeInstanceOf(
      InputError,
    );
    const withNaN = bars.map((b, i) => (i === 9 ? { ...b, close: NaN } : b));
    expect(
      await rejects(repos.marketData.upsertBars('BAD', withNaN, 'csv', { batchSize: 2 })),
    ).toBeInstanceOf(InputError);
    expect(await repos.marketData.countBars('BAD')).toBe(0);
    expect(await rejects(repos.marketData.upsertBars('', bars, 'csv'))).toBeInstanceOf(InputError);
  });

  it('lists symbols with counts, range and sources, and deletes a symbol', async () => {
    await repos.marketData.upsertBars('LST1', makeBars(12, 400), 'csv');
    await repos.marketData.upsertBars('LST1', makeBars(3, 412), 'tiingo');
    await repos.marketData.upsertBars('LST2', makeBars(2, 500), 'yahoo');
    const list = await repos.marketData.listSymbols();
    const one = list.find((s) => s.symbol === 'LST1');
    expect(one).toEqual({
      symbol: 'LST1',
      bars: 15,
      first: T0 + 400 * DAY,
      last: T0 + 414 * DAY,
      sources: ['csv', 'tiingo'],
    });
    const symbols = list.map((s) => s.symbol);
    expect(symbols).toEqual([...symbols].sort());
    expect(await repos.marketData.deleteSymbol('lst2')).toBe(2);
    expect((await repos.marketData.listSymbols()).some((s) => s.symbol === 'LST2')).toBe(false);
  });

  it('stores SQL-injection-looking strings literally', async () => {
    const evil = "X');DROP TABLE market_data;--";
    await repos.marketData.upsertBars(evil, makeBars(2), "csv' OR '1'='1");
    const stored = await repos.marketData.listSymbols();
    expect(stored.find((s) => s.symbol === evil.toUpperCase())?.sources).toEqual([
      "csv' OR '1'='1",
    ]);
    const name = `Robert'); DROP TABLE users;-- "\\ %_`;
    const user = await repos.users.create({
      email: 'bobby@tables.test',
      passwordHash: "$argon2id$v=19$m=65536,t=3,p=4$'--",
      role: 'viewer',
      displayName: name,
    });
    expect((await repos.users.findById(user.id))?.displayName).toBe(name);
    // LIKE wildcards in a value are not patterns.
    expect(await repos.users.findByEmail('%@tables.test')).toBeNull();
    const config = await repos.strategies.create({
      name: "'; DELETE FROM strategies; --",
      strategyId: 'rsi',
      params: { period: 14 },
    });
    expect((await repos.strategies.findByName("'; DELETE FROM strategies; --"))?.id).toBe(
      config.id,
    );
    expect(await repos.marketData.countBars()).toBeGreaterThan(0);
  });

  it('round-trips backtest results (JSON columns, large documents) and cascades trades', async () => {
    const result = sampleResult(3_000);
    expect(JSON.stringify(result).length).toBeGreaterThan(65_536);
    const id = await repos.backtests.save(result, { aiInsights: { summary: 'ok', score: 0.5 } });
    const stored = await repos.backtests.get(id);
    expect(stored?.result).toEqual(result);
    expect(stored?.aiInsights).toEqual({ summary: 'ok', score: 0.5 });
    const [summary] = (await repos.backtests.list({ strategy: 'ma-crossover' })).filter(
      (s) => s.id === id,
    );
    expect(summary.metrics).toEqual(result.metrics);
    expect(summary.symbols).toEqual(['ORCL', 'NVDA']);
    expect(summary.start).toBe(result.start);
    expect(await repos.backtests.listTrades(id)).toEqual(result.trades);
    expect(await repos.backtests.setAiInsights(id, ['revised'])).toBe(true);
    expect((await repos.backtests.get(id))?.aiInsights).toEqual(['revised']);
    expect(await repos.backtests.delete(id)).toBe(true);
    expect(await repos.backtests.get(id)).toBeNull();
    expect(await repos.backtests.listTrades(id)).toEqual([]);
    expect(await repos.backtests.delete(id)).toBe(false);
  });

  it('enforces unique constraints', async () => {
    await repos.users.create({ email: 'Ann@Example.test', passwordHash: 'h1', role: 'admin' });
    expect(
      await rejects(
        repos.users.create({ email: 'ann@example.test ', passwordHash: 'h', role: 'x' }),
      ),
    ).toBeInstanceOf(Error);
    await repos.strategies.create({ name: 'unique-name', strategyId: 'rsi', params: {} });
    expect(
      await rejects(
        repos.strategies.create({ name: 'unique-name', strategyId: 'sma', params: {} }),
      ),
    ).toBeInstanceOf(Error);
    const item = {
      source: 'wire',
      externalId: 'n-1',
      symbol: 'ORCL',
      publishedAt: T0,
      title: 'First',
      url: null,
      summary: null,
      sentiment: 0.2,
      details: { tags: ['a'] },
    };
    await repos.news.upsert([item]);
    await repos.news.upsert([{ ...item, title: 'Corrected' }]);
    const news = await repos.news.list({ symbol: 'ORCL' });
    expect(news.map((n) => n.title)).toEqual(['Corrected']);
    expect(news[0].details).toEqual({ tags: ['a'] });
  });

  it('creates, finds and updates users and sessions', async () => {
    const user = await repos.users.create({
      email: 'cy@example.test',
      passwordHash: 'h',
      role: 'a',
    });
    expect((await repos.users.findByEmail('CY@EXAMPLE.TEST'))?.id).toBe(user.id);
    const updated = await repos.users.update(user.id, {
      role: 'trader',
      disabled: true,
      lastLoginAt: 5,
    });
    expect(updated).toMatchObject({ role: 'trader', disabled: true, lastLoginAt: 5 });
    const session = await repos.sessions.create({
      userId: user.id,
      tokenHash: 'tok-hash-1',
      expiresAt: 1_000,
      userAgent: null,
      ip: '127.0.0.1',
    });
    expect((await repos.sessions.findByTokenHash('tok-hash-1'))?.id).toBe(session.id);
    expect(await repos.sessions.revoke(session.id, 50)).toBe(true);
    expect(await repos.sessions.revoke(session.id, 60)).toBe(false);
    expect((await repos.sessions.findByTokenHash('tok-hash-1'))?.revokedAt).toBe(50);
    expect(await repos.sessions.deleteExpired(2_000)).toBeGreaterThanOrEqual(1);
  });

  it('strategy configurations support CRUD', async () => {
    const created = await repos.strategies.create(
      { name: 'crud', strategyId: 'bbands', params: { period: 20, k: 2.5 }, description: 'd' },
      10,
    );
    expect(await repos.strategies.get(created.id)).toEqual(created);
    const updated = await repos.strategies.update(created.id, { params: { period: 10 } }, 20);
    expect(updated).toMatchObject({ params: { period: 10 }, updatedAt: 20, createdAt: 10 });
    expect((await repos.strategies.list()).some((s) => s.id === created.id)).toBe(true);
    expect(await repos.strategies.delete(created.id)).toBe(true);
    expect(await repos.strategies.get(created.id)).toBeNull();
  });

  it('appends audit entries and lists them in order', async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      seqs.push(
        await repos.audit.append({
          ts: 1_000 + i,
          actor: 'admin@example.test',
          action: 'login',
          target: null,
          details: { i },
          ip: null,
          prevHash: `h${i}`,
          hash: `h${i + 1}`,
        }),
      );
    }
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(5);
    const entries = await repos.audit.list({ afterSeq: seqs[0] });
    expect(entries.map((e) => e.hash)).toEqual(['h2', 'h3', 'h4', 'h5']);
    expect(entries[0].details).toEqual({ i: 1 });
    expect((await repos.audit.last())?.hash).toBe('h5');
  });

  it('stores signals, portfolios, positions and orders', async () => {
    const signal = await repos.signals.save({
      symbol: 'ORCL',
      strategy: 'rsi',
      ts: T0,
      action: 'buy',
      strength: 0.8,
      price: 12.5,
      status: 'rejected',
      reason: 'risk: position limit',
      details: { rsi: 28.1 },
    });
    expect(await repos.signals.get(signal.id)).toEqual(signal);
    expect((await repos.signals.list({ status: 'rejected' })).map((s) => s.id)).toContain(
      signal.id,
    );

    const portfolio = await repos.portfolios.create({ name: 'paper', initialCash: 10_000 });
    await repos.portfolios.setPosition(portfolio.id, 'ORCL', 100, 12.5);
    await repos.portfolios.setPosition(portfolio.id, 'ORCL', 150, 12.75);
    await repos.portfolios.setPosition(portfolio.id, 'NVDA', 10, 50);
    await repos.portfolios.setPosition(portfolio.id, 'NVDA', 0, 0);
    const positions = await repos.portfolios.listPositions(portfolio.id);
    expect(positions.map((p) => [p.symbol, p.quantity, p.avgPrice])).toEqual([
      ['ORCL', 150, 12.75],
    ]);
    const order = await repos.portfolios.createOrder({
      portfolioId: portfolio.id,
      symbol: 'ORCL',
      side: 'buy',
      type: 'limit',
      quantity: 50,
      limitPrice: 12,
      stopPrice: null,
      timeInForce: 'gtc',
      details: null,
    });
    await repos.portfolios.updateOrder(order.id, {
      status: 'filled',
      filledQuantity: 50,
      avgFillPrice: 11.9,
    });
    const [filled] = await repos.portfolios.listOrders(portfolio.id, 'filled');
    expect(filled).toMatchObject({ id: order.id, filledQuantity: 50, avgFillPrice: 11.9 });
    expect(await repos.portfolios.setCash(portfolio.id, 9_405)).toBe(true);
    expect((await repos.portfolios.get(portfolio.id))?.cash).toBe(9_405);
    expect(await repos.portfolios.delete(portfolio.id)).toBe(true);
    expect(await repos.portfolios.listPositions(portfolio.id)).toEqual([]);
  });

  it('hands each due job to exactly one worker and retries failures', async () => {
    const job = await repos.jobs.enqueue(
      { type: 'contract-test', payload: { n: 1 }, maxAttempts: 2 },
      100,
    );
    const [a, b] = await Promise.all([
      repos.jobs.claimNext('w1', 200, ['contract-test']),
      repos.jobs.claimNext('w2', 200, ['contract-test']),
    ]);
    const winners = [a, b].filter((j) => j !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ id: job.id, status: 'running', attempts: 1 });
    expect(await repos.jobs.fail(job.id, 'boom', 300, 200)).toBe('queued');
    expect(await repos.jobs.claimNext('w1', 250, ['contract-test'])).toBeNull();
    expect((await repos.jobs.claimNext('w1', 300, ['contract-test']))?.attempts).toBe(2);
    await repos.jobs.complete(job.id, { ok: true }, 400);
    expect(await repos.jobs.get(job.id)).toMatchObject({ status: 'done', result: { ok: true } });
  });

  it('stores encrypted API credentials, replacing by (user, provider, label)', async () => {
    const owner = await repos.users.create({
      email: 'keys@example.test',
      passwordHash: 'h',
      role: 'a',
    });
    const secret = {
      userId: owner.id,
      provider: 'tiingo',
      label: 'default',
      iv: 'iv1',
      authTag: 't1',
    };
    const first = await repos.credentials.put(
      { ...secret, encryptedValue: 'c1', keyVersion: 1 },
      10,
    );
    const second = await repos.credentials.put(
      { ...secret, encryptedValue: 'c2', keyVersion: 2 },
      20,
    );
    expect(second).toMatchObject({
      id: first?.id,
      encryptedValue: 'c2',
      keyVersion: 2,
      createdAt: 10,
      updatedAt: 20,
    });
    expect(await repos.credentials.list(owner.id)).toHaveLength(1);
    expect(await repos.credentials.delete(second!.id)).toBe(true);
    expect(await repos.credentials.find(owner.id, 'tiingo', 'default')).toBeNull();
  });

  it('replaces a system-wide credential (no user) instead of adding a row per save', async () => {
    const system = { userId: null, provider: 'openai', label: 'shared', iv: 'iv', authTag: 't' };
    const first = await repos.credentials.put({ ...system, encryptedValue: 'a', keyVersion: 1 }, 5);
    const second = await repos.credentials.put(
      { ...system, encryptedValue: 'b', keyVersion: 1 },
      6,
    );
    expect(second).toMatchObject({ id: first?.id, encryptedValue: 'b', updatedAt: 6 });
    const rows = await store.db
      .selectFrom('api_credentials')
      .select('id')
      .where('provider', '=', 'openai')
      .where('label', '=', 'shared')
      .execute();
    expect(rows).toHaveLength(1);
  });
});
