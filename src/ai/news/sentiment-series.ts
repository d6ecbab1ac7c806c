import { toIsoDate } from '../../domain/time.ts';
import { scoreSentiment } from '../providers/local/sentiment.ts';

/** One day of news sentiment for a symbol. */
export interface DailySentiment {
  readonly date: string;
  /** Mean item score, -1..1, rounded to 4 decimals. */
  readonly sentiment: number;
  readonly items: number;
  readonly positive: number;
  readonly negative: number;
}

export interface ScoredNews {
  readonly publishedAt: number;
  readonly title: string;
  readonly summary: string | null;
  readonly sentiment: number | null;
}

/**
 * Groups news by UTC publication date into a daily series, oldest first. Items stored without
 * a score (e.g. imported elsewhere) are scored with the local lexicon.
 */
export function dailySentimentSeries(items: readonly ScoredNews[]): DailySentiment[] {
  const days = new Map<string, { sum: number; n: number; pos: number; neg: number }>();
  for (const item of items) {
    const score = item.sentiment ?? scoreSentiment(`${item.title}. ${item.summary ?? ''}`).score;
    const date = toIsoDate(item.publishedAt);
    const day = days.get(date) ?? { sum: 0, n: 0, pos: 0, neg: 0 };
    day.sum += score;
    day.n += 1;
    if (score >= 0.05) day.pos += 1;
    if (score <= -0.05) day.neg += 1;
    days.set(date, day);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, d]) => ({
      date,
      sentiment: Math.round((d.sum / d.n) * 10_000) / 10_000,
      items: d.n,
      positive: d.pos,
      negative: d.neg,
    }));
}
