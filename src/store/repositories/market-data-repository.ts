import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import type { Bar, BarSeries } from '../../domain/bars.ts';
import { InputError } from '../../domain/errors.ts';
import { toIsoDate } from '../../domain/time.ts';
import type { Store } from '../database.ts';
import type { Database, MarketDataTable } from '../schema.ts';
import { num, numOrNull } from '../ids.ts';
import { upsertRows } from '../upsert.ts';

/** One bar as callers may hand it in instead of a BarSeries. */
export interface BarRow extends Bar {
  readonly adjClose?: number | null;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface UpsertProgress extends UpsertCounts {
  /** Rows handled so far (committed), out of `total`. */
  readonly done: number;
  readonly total: number;
}

export interface UpsertOptions {
  /** Rows per transaction (default 5,000): each batch commits or rolls back as a whole. */
  readonly batchSize?: number;
  /** Called after each committed batch. */
  readonly onBatch?: (progress: UpsertProgress) => void;
}

export interface SymbolSummary {
  readonly symbol: string;
  readonly bars: number;
  /** Epoch ms of the first and last stored bar. */
  readonly first: number;
  readonly last: number;
  readonly sources: string[];
}

export const DEFAULT_BATCH_SIZE = 5_000;
const MAX_SYMBOL_LENGTH = 32;
const MAX_SOURCE_LENGTH = 64;
const VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume', 'adj_close', 'source'] as const;

interface Columns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** NaN where the bar has no adjusted close (stored as NULL). */
  adjClose: Float64Array;
}

/** A stored bar's values, to compare an incoming bar with. */
type StoredBar = Pick<MarketDataTable, (typeof VALUE_COLUMNS)[number]>;

/** Symbols are stored upper-case and trimmed, so `orcl` and `ORCL` name the same series. */
export function normaliseSymbol(symbol: string): string {
  const text = typeof symbol === 'string' ? symbol.trim().toUpperCase() : '';
  if (text === '' || text.length > MAX_SYMBOL_LENGTH) {
    throw new InputError('symbol', symbol, `expected 1 to ${MAX_SYMBOL_LENGTH} characters`);
  }
  return text;
}

/**
 * Daily (or intraday) OHLCV bars, one row per (symbol, ts). Writes are idempotent upserts in
 * batched transactions and report what changed; reads give the columnar BarSeries.
 */
export class MarketDataRepository {
  readonly #store: Store;
  #sqliteStatements: SqliteStatements | null = null;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * Inserts new bars, updates bars whose values or source differ, and leaves identical bars
   * untouched (so re-importing the same data changes nothing). Input is validated completely
   * before the first write; each batch is one transaction.
   */
  async upsertBars(
    symbol: string,
    bars: BarSeries | readonly BarRow[],
    source: string,
    options: UpsertOptions = {},
  ): Promise<UpsertCounts> {
    const sym = normaliseSymbol(symbol);
    if (typeof source !== 'string' || source.trim() === '' || source.length > MAX_SOURCE_LENGTH) {
      throw new InputError('source', source, `expected 1 to ${MAX_SOURCE_LENGTH} characters`);
    }
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InputError('batchSize', batchSize, 'expected a positive whole number');
    }
    const columns = toColumns(bars);
    const total = columns.time.length;
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    for (let start = 0; start < total; start += batchSize) {
      const end = Math.min(total, start + batchSize);
      const batch = this.#store.sqlite
        ? this.#upsertBatchSqlite(this.#store.sqlite, sym, source, columns, start, end)
        : await this.#upsertBatch(sym, source, columns, start, end);
      counts.inserted += batch.inserted;
      counts.updated += batch.updated;
      counts.unchanged += batch.unchanged;
      options.onBatch?.({ ...counts, done: end, total });
    }
    return counts;
  }

  /** Bars of one symbol with from <= time <= to (epoch ms, both optional), oldest first. */
  async getBars(symbol: string, from?: number, to?: number): Promise<BarSeries> {
    const sym = normaliseSymbol(symbol);
    const rows = this.#store.sqlite
      ? this.#selectRangeSqlite(this.#store.sqlite, sym, from, to)
      : await this.#selectRange(sym, from, to);
    return toSeries(sym, rows);
  }

  async #selectRange(symbol: string, from?: number, to?: number): Promise<BarRecord[]> {
    let query = this.#store.db
      .selectFrom('market_data')
      .select(['ts', 'open', 'high', 'low', 'close', 'volume', 'adj_close'])
      .where('symbol', '=', symbol);
    if (from !== undefined) query = query.where('ts', '>=', from);
    if (to !== undefined) query = query.where('ts', '<=', to);
    return query.orderBy('ts').execute();
  }

  /** Prepared-statement read for SQLite (the 10-year range query is on the hot path). */
  #selectRangeSqlite(
    sqlite: BetterSqlite3.Database,
    symbol: string,
    from?: number,
    to?: number,
  ): BarRecord[] {
    const statements = (this.#sqliteStatements ??= prepareSqlite(sqlite));
    return statements.selectBars.all(
      symbol,
      from ?? Number.MIN_SAFE_INTEGER,
      to ?? Number.MAX_SAFE_INTEGER,
    ) as BarRecord[];
  }

  /** Like getBars, but a symbol with no stored bars in the range is an InputError. */
  async requireBars(symbol: string, from?: number, to?: number): Promise<BarSeries> {
    const series = await this.getBars(symbol, from, to);
    if (series.length === 0) {
      const range =
        from !== undefined || to !== undefined
          ? ` between ${from !== undefined ? toIsoDate(from) : 'the start'} and ${to !== undefined ? toIsoDate(to) : 'the end'}`
          : '';
      throw new InputError(
        'symbol',
        symbol,
        `no bars stored${range}; run "microcap data import" or "data fetch" first`,
      );
    }
    return series;
  }

  /** One summary per stored symbol, ordered by symbol. */
  async listSymbols(): Promise<SymbolSummary[]> {
    const db = this.#store.db;
    const totals = await db
      .selectFrom('market_data')
      .select((eb) => [
        'symbol',
        eb.fn.countAll().as('bars'),
        eb.fn.min('ts').as('first'),
        eb.fn.max('ts').as('last'),
      ])
      .groupBy('symbol')
      .orderBy('symbol')
      .execute();
    const sourceRows = await db
      .selectFrom('market_data')
      .select(['symbol', 'source'])
      .distinct()
      .orderBy('symbol')
      .orderBy('source')
      .execute();
    const sources = new Map<string, string[]>();
    for (const row of sourceRows) {
      const list = sources.get(row.symbol) ?? [];
      list.push(row.source);
      sources.set(row.symbol, list);
    }
    return totals.map((row) => ({
      symbol: row.symbol,
      bars: num(row.bars),
      first: num(row.first),
      last: num(row.last),
      sources: sources.get(row.symbol) ?? [],
    }));
  }

  /** Number of stored bars, for one symbol or all. */
  async countBars(symbol?: string): Promise<number> {
    let query = this.#store.db.selectFrom('market_data').select((eb) => eb.fn.countAll().as('n'));
    if (symbol !== undefined) query = query.where('symbol', '=', normaliseSymbol(symbol));
    const row = await query.executeTakeFirstOrThrow();
    return num(row.n);
  }

  /** Removes every bar of a symbol; returns how many went. */
  async deleteSymbol(symbol: string): Promise<number> {
    const result = await this.#store.db
      .deleteFrom('market_data')
      .where('symbol', '=', normaliseSymbol(symbol))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async #upsertBatch(
    symbol: string,
    source: string,
    c: Columns,
    start: number,
    end: number,
  ): Promise<UpsertCounts> {
    const { dialect } = this.#store;
    return this.#store.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('market_data')
        .select(['ts', ...VALUE_COLUMNS])
        .where('symbol', '=', symbol)
        .where('ts', '>=', c.time[start])
        .where('ts', '<=', c.time[end - 1])
        .execute();
      const stored = new Map<number, StoredBar>();
      for (const row of existing) stored.set(num(row.ts), row);
      const writes: Record<string, unknown>[] = [];
      const counts = compareBatch(stored, c, start, end, source, (i) => {
        writes.push({
          symbol,
          ts: c.time[i],
          open: c.open[i],
          high: c.high[i],
          low: c.low[i],
          close: c.close[i],
          volume: c.volume[i],
          adj_close: adjCloseOrNull(c, i),
          source,
        });
      });
      if (dialect === 'postgres') await upsertWithUnnest(trx, writes);
      else
        await upsertRows<Database>(
          trx,
          dialect,
          'market_data',
          writes,
          ['symbol', 'ts'],
          VALUE_COLUMNS,
        );
      return counts;
    });
  }

  /**
   * The same batch through better-sqlite3 prepared statements: Kysely's per-query compile
   * costs more than SQLite's own work at these row counts. Synchronous, hence atomic.
   */
  #upsertBatchSqlite(
    sqlite: BetterSqlite3.Database,
    symbol: string,
    source: string,
    c: Columns,
    start: number,
    end: number,
  ): UpsertCounts {
    const statements = (this.#sqliteStatements ??= prepareSqlite(sqlite));
    const run = sqlite.transaction((): UpsertCounts => {
      const stored = new Map<number, StoredBar>();
      for (const row of statements.selectRange.iterate(
        symbol,
        c.time[start],
        c.time[end - 1],
      ) as Iterable<StoredBar & { ts: number }>) {
        stored.set(row.ts, row);
      }
      // Rows to write go out SQLITE_ROWS_PER_STATEMENT at a time: binding one statement per
      // row costs more than SQLite's own work.
      const pending: (number | string | null)[] = [];
      const flush = (force: boolean) => {
        while (pending.length >= SQLITE_ROWS_PER_STATEMENT * 9) {
          statements.upsertMany.run(pending.splice(0, SQLITE_ROWS_PER_STATEMENT * 9));
        }
        if (force) {
          for (let k = 0; k < pending.length; k += 9)
            statements.upsert.run(pending.slice(k, k + 9));
          pending.length = 0;
        }
      };
      const counts = compareBatch(stored, c, start, end, source, (i) => {
        pending.push(
          symbol,
          c.time[i],
          c.open[i],
          c.high[i],
          c.low[i],
          c.close[i],
          c.volume[i],
          adjCloseOrNull(c, i),
          source,
        );
        if (pending.length >= SQLITE_ROWS_PER_STATEMENT * 9) flush(false);
      });
      flush(true);
      return counts;
    });
    return run();
  }
}

/** The upsert's two ends, shared by the PostgreSQL and SQLite statements. */
const INSERT_BARS =
  'insert into market_data (symbol, ts, open, high, low, close, volume, adj_close, source)';
const ON_CONFLICT_REPLACE_BAR = `on conflict (symbol, ts) do update set open = excluded.open,
    high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume,
    adj_close = excluded.adj_close, source = excluded.source`;

/**
 * PostgreSQL: one statement with nine array parameters instead of thousands of scalars
 * (about ten times faster to bind and plan than a multi-row VALUES list).
 */
async function upsertWithUnnest(
  trx: Transaction<Database>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const column = (name: string) => rows.map((row) => row[name]);
  await sql`${sql.raw(INSERT_BARS)}
    select * from unnest(${column('symbol')}::varchar[], ${column('ts')}::bigint[],
      ${column('open')}::float8[], ${column('high')}::float8[], ${column('low')}::float8[],
      ${column('close')}::float8[], ${column('volume')}::float8[], ${column('adj_close')}::float8[],
      ${column('source')}::varchar[])
    ${sql.raw(ON_CONFLICT_REPLACE_BAR)}`.execute(trx);
}

interface SqliteStatements {
  selectBars: BetterSqlite3.Statement;
  selectRange: BetterSqlite3.Statement;
  upsert: BetterSqlite3.Statement;
  upsertMany: BetterSqlite3.Statement;
}

const SQLITE_ROWS_PER_STATEMENT = 50;

function upsertSql(rows: number): string {
  const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  return `${INSERT_BARS} values ${values} ${ON_CONFLICT_REPLACE_BAR}`;
}

function prepareSqlite(sqlite: BetterSqlite3.Database): SqliteStatements {
  return {
    selectBars: sqlite.prepare(
      `select ts, open, high, low, close, volume, adj_close from market_data
       where symbol = ? and ts >= ? and ts <= ? order by ts`,
    ),
    selectRange: sqlite.prepare(
      `select ts, open, high, low, close, volume, adj_close, source from market_data
       where symbol = ? and ts >= ? and ts <= ?`,
    ),
    upsert: sqlite.prepare(upsertSql(1)),
    upsertMany: sqlite.prepare(upsertSql(SQLITE_ROWS_PER_STATEMENT)),
  };
}

/** A stored bar as a range query reads it. */
type BarRecord = Omit<MarketDataTable, 'symbol' | 'source'>;

function toSeries(symbol: string, rows: readonly BarRecord[]): BarSeries {
  const n = rows.length;
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const adjClose = new Float64Array(n);
  let anyAdjusted = false;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    time[i] = num(row.ts);
    open[i] = num(row.open);
    high[i] = num(row.high);
    low[i] = num(row.low);
    close[i] = num(row.close);
    volume[i] = num(row.volume);
    const adjusted = numOrNull(row.adj_close);
    adjClose[i] = adjusted ?? NaN;
    if (adjusted !== null) anyAdjusted = true;
  }
  // Columns are fresh and of equal length: build the series without createBarSeries' copies.
  return {
    symbol,
    length: n,
    time,
    open,
    high,
    low,
    close,
    volume,
    adjClose: anyAdjusted ? adjClose : null,
  };
}

/**
 * Counts bars `start` to `end` of the batch as inserted, updated or unchanged against the
 * stored rows (by time), and hands the index of each new or changed bar to `write`.
 */
function compareBatch(
  stored: ReadonlyMap<number, StoredBar>,
  c: Columns,
  start: number,
  end: number,
  source: string,
  write: (i: number) => void,
): UpsertCounts {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = start; i < end; i++) {
    const old = stored.get(c.time[i]);
    if (old === undefined) counts.inserted++;
    else if (sameBar(old, c, i, source)) {
      counts.unchanged++;
      continue;
    } else counts.updated++;
    write(i);
  }
  return counts;
}

function adjCloseOrNull(c: Columns, i: number): number | null {
  return Number.isNaN(c.adjClose[i]) ? null : c.adjClose[i];
}

function sameBar(old: StoredBar, c: Columns, i: number, source: string): boolean {
  const adjusted = numOrNull(old.adj_close);
  return (
    num(old.open) === c.open[i] &&
    num(old.high) === c.high[i] &&
    num(old.low) === c.low[i] &&
    num(old.close) === c.close[i] &&
    num(old.volume) === c.volume[i] &&
    (adjusted === null ? Number.isNaN(c.adjClose[i]) : adjusted === c.adjClose[i]) &&
    old.source === source
  );
}

/** Copies the input into sorted, validated columns; throws InputError before any write. */
function toColumns(bars: BarSeries | readonly BarRow[]): Columns {
  const series = isSeries(bars) ? bars : null;
  const rows = series ? null : [...(bars as readonly BarRow[])].sort((a, b) => a.time - b.time);
  const n = series ? series.length : rows!.length;
  const c: Columns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    adjClose: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const row = series ? null : rows![i];
    c.time[i] = series ? series.time[i] : row!.time;
    c.open[i] = series ? series.open[i] : row!.open;
    c.high[i] = series ? series.high[i] : row!.high;
    c.low[i] = series ? series.low[i] : row!.low;
    c.close[i] = series ? series.close[i] : row!.close;
    c.volume[i] = series ? series.volume[i] : row!.volume;
    const adjusted = series ? (series.adjClose ? series.adjClose[i] : NaN) : (row!.adjClose ?? NaN);
    c.adjClose[i] = adjusted;
    if (!Number.isSafeInteger(c.time[i])) {
      throw new InputError('time', c.time[i], `bar ${i}: expected epoch milliseconds`);
    }
    if (i > 0 && c.time[i] <= c.time[i - 1]) {
      throw new InputError('time', c.time[i], `bar ${i}: times must be strictly increasing`);
    }
    for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
      if (!Number.isFinite(c[field][i])) {
        throw new InputError(
          field,
          c[field][i],
          `bar ${i} (${toIsoDate(c.time[i])}): not a finite number`,
        );
      }
    }
    if (!Number.isNaN(adjusted) && !Number.isFinite(adjusted)) {
      throw new InputError('adjClose', adjusted, `bar ${i}: not a finite number`);
    }
  }
  return c;
}

function isSeries(bars: BarSeries | readonly BarRow[]): bars is BarSeries {
  return !Array.isArray(bars) && (bars as BarSeries).time instanceof Float64Array;
}
