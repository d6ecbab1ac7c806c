import { isRecord } from './json.ts';

/**
 * AI insights stored with a backtest: `microcap analyze --backtest ID` stores
 * `{ insights, meta, analysedAt }` (src/ai/analyses/evaluate-backtest.ts), the insights in the
 * strategy-evaluation shape (src/ai/analyses/strategy-evaluation.ts). A bare insights object is
 * read too. The page shows them as sections when they have that shape, and as plain text
 * otherwise, so an older or different analysis is still readable.
 */

export interface SuggestedChange {
  readonly parameter: string;
  readonly current: string | null;
  readonly suggested: string;
  readonly reason: string;
}

export interface InsightsView {
  readonly summary: string;
  readonly sections: readonly { readonly title: string; readonly items: readonly string[] }[];
  readonly changes: readonly SuggestedChange[];
  /** 0..1, or null when absent. */
  readonly confidence: number | null;
  /** "provider · model" from the record's provenance, or null when it has none. */
  readonly source: string | null;
  /** ISO time the analysis was made, or null for records stored before analyses were dated. */
  readonly analysedAt: string | null;
}

const SECTIONS: readonly (readonly [string, string])[] = [
  ['strengths', 'Strengths'],
  ['weaknesses', 'Weaknesses'],
  ['risks', 'Risks'],
  ['overfittingConcerns', 'Overfitting concerns'],
];

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Insights in the known shape (a summary at least), or null to fall back to plain text. */
export function readInsights(value: unknown): InsightsView | null {
  if (!isRecord(value)) return null;
  const record = isRecord(value.insights) ? value.insights : value;
  const meta = isRecord(value.meta) ? value.meta : {};
  if (typeof record.summary !== 'string' || record.summary.trim() === '') return null;
  const changes = Array.isArray(record.suggestedParameterChanges)
    ? record.suggestedParameterChanges.filter(
        (item): item is SuggestedChange =>
          typeof item === 'object' &&
          item !== null &&
          typeof (item as SuggestedChange).parameter === 'string' &&
          typeof (item as SuggestedChange).suggested === 'string',
      )
    : [];
  return {
    summary: record.summary,
    sections: SECTIONS.map(([key, title]) => ({ title, items: strings(record[key]) })).filter(
      (section) => section.items.length > 0,
    ),
    changes,
    confidence:
      typeof record.confidence === 'number' && Number.isFinite(record.confidence)
        ? record.confidence
        : null,
    source: [meta.provider, meta.model].filter(isText).join(' · ') || null,
    analysedAt:
      typeof value.analysedAt === 'string' && !Number.isNaN(Date.parse(value.analysedAt))
        ? value.analysedAt
        : null,
  };
}

const isText = (item: unknown): item is string => typeof item === 'string' && item.trim() !== '';

/** Anything else, as readable text. */
export function insightsText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
