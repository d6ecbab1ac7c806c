import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.ts';
import { parseFeed, plainText } from './feed.ts';

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/ai', name), 'utf8');

describe('parseFeed', () => {
  it('reads RSS 2.0 items: guid, link fallback, dates, HTML-free summaries', () => {
    const feed = parseFeed(fixture('acme-rss.xml'));
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Acme Corp news');
    expect(feed.skipped).toBe(1);
    expect(feed.items).toHaveLength(3);
    expect(feed.items[0]).toEqual({
      externalId: 'acme-2024-001',
      title: 'Acme beats estimates and raises guidance',
      url: 'https://example.com/acme/q3-results',
      summary: 'Record revenue & strong margins in the third quarter.',
      publishedAt: Date.parse('2024-01-02T13:30:00Z'),
    });
    // No guid: the link is the id.
    expect(feed.items[2].externalId).toBe('https://example.com/acme/nasdaq-notice');
  });

  it('reads Atom entries: id, alternate link, published else updated', () => {
    const feed = parseFeed(fixture('acme-atom.xml'));
    expect(feed.format).toBe('atom');
    expect(feed.items.map((i) => i.externalId)).toEqual([
      'urn:acme:fda-2024',
      'urn:acme:conference-2024',
    ]);
    expect(feed.items[0].url).toBe('https://example.com/acme/fda');
    expect(feed.items[0].publishedAt).toBe(Date.parse('2024-01-03T14:00:00Z'));
    expect(feed.items[0].summary).toBe('Approved after a successful trial.');
    expect(feed.items[1].publishedAt).toBe(Date.parse('2024-01-05T09:00:00Z'));
    expect(feed.items[1].summary).toBe('Management presented at an investor conference.');
  });

  it('rejects documents that are not feeds', () => {
    expect(() => parseFeed('<html><body>hi</body></html>')).toThrow(InputError);
    expect(() => parseFeed('<html><body>hi</body></html>')).toThrow(/neither an RSS/);
  });

  it('strips tags and entities', () => {
    expect(plainText('<p>a &amp; b</p>\n <br/> c')).toBe('a & b c');
    expect(plainText('<p> </p>')).toBeNull();
  });
});
