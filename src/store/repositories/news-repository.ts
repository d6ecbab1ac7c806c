import type { Store } from '../database.ts';
import { newId, num, numOrNull } from '../ids.ts';
import { fromJsonText, toJsonText } from '../json.ts';
import type { Database, NewsItemTable } from '../schema.ts';
import { upsertRows } from '../upsert.ts';

export interface NewsItem {
  readonly source: string;
  /** The provider's id (or the URL): (source, externalId) is unique. */
  readonly externalId: string;
  readonly symbol: string | null;
  readonly publishedAt: number;
  readonly title: string;
  readonly url: string | null;
  readonly summary: string | null;
  readonly sentiment: number | null;
  readonly details: unknown;
}

export interface StoredNewsItem extends NewsItem {
  readonly id: string;
  readonly createdAt: number;
}

export class NewsRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Inserts or refreshes items by (source, externalId); the stored id never changes. */
  async upsert(items: readonly NewsItem[], now = Date.now()): Promise<void> {
    const rows: NewsItemTable[] = items.map((item) => ({
      id: newId(),
      source: item.source,
      external_id: item.externalId,
      symbol: item.symbol,
      published_at: item.publishedAt,
      title: item.title,
      url: item.url,
      summary: item.summary,
      sentiment: item.sentiment,
      details_json: toJsonText(item.details ?? null),
      created_at: now,
    }));
    await this.#store.db.transaction().execute(async (trx) => {
      await upsertRows<Database>(
        trx,
        this.#store.dialect,
        'news_items',
        rows as unknown as Record<string, unknown>[],
        ['source', 'external_id'],
        ['symbol', 'published_at', 'title', 'url', 'summary', 'sentiment', 'details_json'],
      );
    });
  }

  /** Newest first. */
  async list(
    options: { symbol?: string; from?: number; to?: number; limit?: number } = {},
  ): Promise<StoredNewsItem[]> {
    let query = this.#store.db.selectFrom('news_items').selectAll();
    if (options.symbol !== undefined) query = query.where('symbol', '=', options.symbol);
    if (options.from !== undefined) query = query.where('published_at', '>=', options.from);
    if (options.to !== undefined) query = query.where('published_at', '<=', options.to);
    const rows = await query
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      source: row.source,
      externalId: row.external_id,
      symbol: row.symbol,
      publishedAt: num(row.published_at),
      title: row.title,
      url: row.url,
      summary: row.summary,
      sentiment: numOrNull(row.sentiment),
      details: fromJsonText(row.details_json),
      createdAt: num(row.created_at),
    }));
  }
}
