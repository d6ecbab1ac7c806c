import { InputError } from '../../domain/errors.ts';
import type { NewsRepository } from '../../store/repositories/news-repository.ts';
import { newsSentimentTask } from '../analyses/news-sentiment.ts';
import type { AnalysisMeta, AiServiceManager } from '../manager.ts';
import { scoreSentiment } from '../providers/local/sentiment.ts';
import { parseFeed } from './feed.ts';
import type { FeedItem } from './feed.ts';

/** Items scored per LLM request: keeps prompts short and answers within output limits. */
const BATCH = 20;

export interface FetchNewsOptions {
  readonly symbol: string;
  readonly feedUrl: string;
  readonly manager: AiServiceManager;
  readonly news: NewsRepository;
  readonly timeoutMs?: number;
  readonly fetchImpl?: typeof fetch;
}

export interface FetchNewsReport {
  readonly symbol: string;
  readonly feed: string;
  readonly format: 'rss' | 'atom';
  readonly items: number;
  readonly skipped: number;
  /** Which providers scored the items (one entry per scoring request). */
  readonly scoredBy: readonly Pick<AnalysisMeta, 'provider' | 'model' | 'source'>[];
}

export function normaliseSymbol(text: string): string {
  const symbol = text.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9.\-^=]{0,31}$/.test(symbol)) {
    throw new InputError('symbol', text, 'expected a ticker such as ACME or BRK.B');
  }
  return symbol;
}

export function parseFeedUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('feed', text, 'expected an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError('feed', text, 'expected an http(s) URL');
  }
  return url;
}

async function download(url: URL, timeoutMs: number, fetchImpl: typeof fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml' },
    });
  } catch (error) {
    throw new InputError('feed', url.href, `could not be fetched (${(error as Error).message})`);
  }
  if (!response.ok) {
    throw new InputError('feed', url.href, `answered HTTP ${response.status}`);
  }
  return response.text();
}

/** Scores items through the manager (LLM or local), falling back to the lexicon per item. */
async function scoreItems(
  symbol: string,
  items: readonly FeedItem[],
  manager: AiServiceManager,
): Promise<{ scores: Map<string, number>; metas: AnalysisMeta[] }> {
  const scores = new Map<string, number>();
  const metas: AnalysisMeta[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const result = await manager.run(newsSentimentTask, {
      symbol,
      items: batch.map((item) => ({
        id: item.externalId,
        title: item.title,
        summary: item.summary,
      })),
    });
    metas.push(result.meta);
    for (const score of result.value.scores) scores.set(score.id, score.score);
  }
  for (const item of items) {
    if (!scores.has(item.externalId)) {
      scores.set(item.externalId, scoreSentiment(`${item.title}. ${item.summary ?? ''}`).score);
    }
  }
  return { scores, metas };
}

/**
 * `news fetch`: downloads one feed, scores its items and upserts them into news_items under
 * source `feed:<host>`, keyed by guid/id/link, so fetching the same feed again changes nothing.
 */
export async function fetchNews(options: FetchNewsOptions): Promise<FetchNewsReport> {
  const symbol = normaliseSymbol(options.symbol);
  const url = parseFeedUrl(options.feedUrl);
  const xml = await download(url, options.timeoutMs ?? 15_000, options.fetchImpl ?? fetch);
  const feed = parseFeed(xml);
  const { scores, metas } = await scoreItems(symbol, feed.items, options.manager);
  const source = `feed:${url.hostname}`;
  await options.news.upsert(
    feed.items.map((item) => ({
      source,
      externalId: item.externalId,
      symbol,
      publishedAt: item.publishedAt,
      title: item.title,
      url: item.url,
      summary: item.summary,
      sentiment: scores.get(item.externalId) ?? null,
      details: { feed: url.href, format: feed.format },
    })),
  );
  return {
    symbol,
    feed: url.href,
    format: feed.format,
    items: feed.items.length,
    skipped: feed.skipped,
    scoredBy: metas.map((m) => ({ provider: m.provider, model: m.model, source: m.source })),
  };
}
