import { XMLParser } from 'fast-xml-parser';
import { sha256 } from '../cache-key.ts';
import { InputError } from '../../domain/errors.ts';

/**
 * RSS 2.0 and Atom 1.0 feeds to plain items. The id that makes ingestion idempotent is the
 * RSS guid or Atom id, else the link, else a hash of title and date. Items without a readable
 * date are skipped: without one they cannot be placed in time for point-in-time analyses.
 */

export interface FeedItem {
  readonly externalId: string;
  readonly title: string;
  readonly url: string | null;
  readonly summary: string | null;
  readonly publishedAt: number;
}

export interface ParsedFeed {
  readonly format: 'rss' | 'atom';
  readonly title: string | null;
  readonly items: readonly FeedItem[];
  /** Items dropped for lack of a title or a readable date. */
  readonly skipped: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node = Record<string, unknown>;

/** Text of an element that may be a string, a number or { '#text': ... } with attributes. */
function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object') return textOf((value as Node)['#text']);
  return null;
}

/** Drops tags and collapses whitespace: descriptions often carry HTML. */
export function plainText(html: string | null): string | null {
  if (html === null) return null;
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text;
}

function atomLink(links: unknown): string | null {
  if (!Array.isArray(links)) return textOf(links);
  const nodes = links as unknown[];
  const pick =
    nodes.find((l) => typeof l === 'object' && l && (l as Node)['@_rel'] === 'alternate') ??
    nodes.find((l) => typeof l === 'object' && l && (l as Node)['@_rel'] === undefined) ??
    nodes[0];
  if (typeof pick === 'object' && pick && typeof (pick as Node)['@_href'] === 'string') {
    return (pick as Node)['@_href'] as string;
  }
  return textOf(pick);
}

function makeItem(
  id: string | null,
  title: string | null,
  url: string | null,
  summary: string | null,
  date: string | null,
): FeedItem | null {
  const cleanTitle = plainText(title);
  const publishedAt = date ? Date.parse(date) : NaN;
  if (!cleanTitle || !Number.isFinite(publishedAt)) return null;
  const externalId = id?.trim() || url?.trim() || sha256(`${cleanTitle}|${publishedAt}`);
  return {
    externalId,
    title: cleanTitle,
    url: url?.trim() || null,
    summary: plainText(summary),
    publishedAt,
  };
}

export function parseFeed(xml: string): ParsedFeed {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (error) {
    throw new InputError(
      'feed',
      xml.slice(0, 60),
      `not well-formed XML (${(error as Error).message})`,
    );
  }
  const rss = doc.rss as Node | undefined;
  if (rss && typeof rss === 'object') {
    const channel = (rss.channel ?? {}) as Node;
    const raw = (channel.item ?? []) as Node[];
    const items: FeedItem[] = [];
    for (const node of raw) {
      const item = makeItem(
        textOf(node.guid),
        textOf(node.title),
        textOf(node.link),
        textOf(node.description) ?? textOf(node['content:encoded']),
        textOf(node.pubDate) ?? textOf(node['dc:date']),
      );
      if (item) items.push(item);
    }
    return {
      format: 'rss',
      title: textOf(channel.title),
      items,
      skipped: raw.length - items.length,
    };
  }
  const feed = doc.feed as Node | undefined;
  if (feed && typeof feed === 'object') {
    const raw = (feed.entry ?? []) as Node[];
    const items: FeedItem[] = [];
    for (const node of raw) {
      const item = makeItem(
        textOf(node.id),
        textOf(node.title),
        atomLink(node.link),
        textOf(node.summary) ?? textOf(node.content),
        textOf(node.published) ?? textOf(node.updated),
      );
      if (item) items.push(item);
    }
    return { format: 'atom', title: textOf(feed.title), items, skipped: raw.length - items.length };
  }
  throw new InputError(
    'feed',
    xml.slice(0, 60),
    'neither an RSS 2.0 <rss> nor an Atom <feed> document',
  );
}
