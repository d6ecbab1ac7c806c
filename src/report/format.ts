import { metricLabels as analyticsLabels } from '../analytics/labels.ts';
import type { MetricGroup } from '../analytics/labels.ts';

/**
 * Human labels and number formats for the report. Labels, formats and groups come from the
 * analytics layer (metricLabels); a metric it does not know (an engine extra) still renders,
 * with a label derived from its camelCase name and a unit guessed from the name.
 */

export type MetricFormat = 'percent' | 'ratio' | 'days' | 'currency' | 'count' | 'number';

export interface MetricLabel {
  readonly label: string;
  readonly format: MetricFormat;
  readonly group: MetricGroup | 'other';
}

const KNOWN_METRICS: Readonly<Record<string, MetricLabel>> = analyticsLabels;

/** Splits camelCase into words: "maxDrawdownDuration" -> "Max drawdown duration". */
export function humanizeName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((word) => (/^[A-Z0-9]+$/.test(word) && word.length > 1 ? word : word.toLowerCase()));
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** A unit guessed from the name, for metrics this table does not know yet. */
function guessFormat(name: string): MetricFormat {
  const lower = name.toLowerCase();
  if (/duration|days/.test(lower)) return 'days';
  if (/^(trades|count)$|count$|^num/.test(lower)) return 'count';
  if (/cost|commission|slippage|spread|pnl|profit$|loss$|capital|value$/.test(lower)) {
    return 'currency';
  }
  if (/return|drawdown|rate$|pct|percent|exposure|volatility/.test(lower)) return 'percent';
  return 'ratio';
}

export function metricLabel(name: string): MetricLabel {
  return Object.hasOwn(KNOWN_METRICS, name)
    ? KNOWN_METRICS[name]
    : { label: humanizeName(name), format: guessFormat(name), group: 'other' };
}

export const METRIC_GROUP_TITLES: Readonly<Record<MetricLabel['group'], string>> = {
  returns: 'Returns',
  risk: 'Risk',
  trades: 'Trades',
  costs: 'Costs',
  benchmark: 'Benchmark',
  robustness: 'Robustness',
  other: 'Other',
};

/** The order known metrics appear in the statistics table; unknown ones follow, sorted. */
export function orderMetricNames(names: readonly string[]): string[] {
  const known = Object.keys(KNOWN_METRICS);
  const rank = (name: string): number => {
    const index = known.indexOf(name);
    return index === -1 ? known.length : index;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en'));
}

export const MISSING = '—';

// Fixed locale so the same result renders to the same bytes on every machine.
const grouped = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const TWO_DIGITS = grouped(2);
const ONE_DIGIT = grouped(1);
const NO_DIGITS = grouped(0);

export function isPresent(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function formatCurrency(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  const text = TWO_DIGITS.format(Math.abs(value));
  return value < 0 && text !== '0.00' ? `-$${text}` : `$${text}`;
}

export function formatPercent(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  return `${TWO_DIGITS.format(value * 100)} %`;
}

export function formatRatio(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  return TWO_DIGITS.format(value);
}

export function formatDays(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  const text = Number.isInteger(value) ? NO_DIGITS.format(value) : ONE_DIGIT.format(value);
  return `${text} ${value === 1 ? 'day' : 'days'}`;
}

export function formatCount(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  return NO_DIGITS.format(value);
}

/** A price or quantity with as many decimals as it needs (up to 4), e.g. 12.5, 0.0375. */
export function formatNumber(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 }).format(value);
}

export function formatValue(value: number | null | undefined, format: MetricFormat): string {
  switch (format) {
    case 'percent':
      return formatPercent(value);
    case 'ratio':
      return formatRatio(value);
    case 'days':
      return formatDays(value);
    case 'currency':
      return formatCurrency(value);
    case 'count':
      return formatCount(value);
    case 'number':
      return formatNumber(value);
  }
}

export function formatMetric(name: string, value: number | null | undefined): string {
  return formatValue(value, metricLabel(name).format);
}

/** YYYY-MM-DD for midnight-UTC times, otherwise "YYYY-MM-DD HH:MM" (UTC). */
export function formatTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const full = new Date(ms).toISOString();
  return ms % 86_400_000 === 0 ? full.slice(0, 10) : `${full.slice(0, 10)} ${full.slice(11, 16)}`;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
