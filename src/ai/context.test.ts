import { describe, expect, it } from 'vitest';
import { createBarSeries } from '../domain/bars.ts';
import { buildSymbolContext, lastClose } from './context.ts';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'];
const series = createBarSeries('ACME', {
  time: dates.map(day),
  open: [1, 2, 3, 4, 5],
  high: [1, 2, 3, 4, 5],
  low: [1, 2, 3, 4, 5],
  close: [1, 2, 3, 4, 5],
  volume: [10, 20, 30, 40, 50],
});
const news = [
  {
    publishedAt: Date.parse('2024-01-04T23:59:59Z'),
    title: 'late on D',
    summary: null,
    sentiment: 0.1,
  },
  {
    publishedAt: Date.parse('2024-01-05T00:00:00Z'),
    title: 'next day',
    summary: null,
    sentiment: 0.9,
  },
  {
    publishedAt: Date.parse('2024-01-03T10:00:00Z'),
    title: 'earlier',
    summary: null,
    sentiment: -0.2,
  },
];

describe('buildSymbolContext (point-in-time guard)', () => {
  it('keeps bars and news dated on or before D only', () => {
    const context = buildSymbolContext('ACME', '2024-01-04', series, news);
    expect(context.prices.map((p) => p.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    expect(context.news.map((n) => n.title)).toEqual(['late on D', 'earlier']);
    expect(lastClose(context)).toBe(3);
  });

  it('keeps the last lookbackBars bars and the newest maxNews items', () => {
    const context = buildSymbolContext('ACME', '2024-01-08', series, news, {
      lookbackBars: 2,
      maxNews: 1,
    });
    expect(context.prices.map((p) => p.date)).toEqual(['2024-01-05', '2024-01-08']);
    expect(context.news.map((n) => n.title)).toEqual(['next day']);
  });

  it('gives an empty context before the first bar', () => {
    const context = buildSymbolContext('ACME', '2023-12-31', series, news);
    expect(context.prices).toEqual([]);
    expect(context.news).toEqual([]);
    expect(lastClose(context)).toBeNull();
  });

  it('names bad input', () => {
    expect(() => buildSymbolContext('ACME', '2024-13-01', series, [])).toThrow(/asOf/);
    expect(() => buildSymbolContext('ACME', '2024-01-04', series, [], { lookbackBars: 0 })).toThrow(
      /lookbackBars/,
    );
  });
});
