import { InputError } from '../domain/errors.ts';
import { escapeHtml as h, formatRatio, formatTime } from './format.ts';

/**
 * The "AI analysis" section of the report: a strategy evaluation attached to a saved backtest
 * (`microcap analyze --backtest ID` stores `{ insights, meta }` in its ai_insights column, see
 * src/ai/analyses/evaluate-backtest.ts). Everything in it is LLM output, i.e. untrusted text:
 * it is only ever written through escapeHtml, never into attributes or scripts.
 */

export interface ReportParameterChange {
  readonly parameter: string;
  readonly current: string | null;
  readonly suggested: string;
  readonly reason: string;
}

export interface ReportAiInsights {
  readonly summary: string;
  readonly strengths: readonly string[];
  readonly weaknesses: readonly string[];
  readonly risks: readonly string[];
  readonly overfittingConcerns: readonly string[];
  readonly suggestedParameterChanges: readonly ReportParameterChange[];
  /** 0..1: how much the evidence supports trading the strategy, in the analyst's opinion. */
  readonly confidence: number | null;
  readonly provider: string;
  readonly model: string;
  /** Analysis template id and version, e.g. strategy-evaluation v1. */
  readonly template: string | null;
  /** ISO time the analysis was made, when the stored record carries one. */
  readonly analysedAt: string | null;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(text).filter((item) => item !== '') : [];

function timeOf(value: unknown): string | null {
  const ms =
    typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function parameterChanges(value: unknown): ReportParameterChange[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((change) => {
    const parameter = text(change.parameter);
    const suggested = text(change.suggested);
    if (parameter === '' || suggested === '') return [];
    const current = text(change.current);
    return [
      {
        parameter,
        current: current === '' ? null : current,
        suggested,
        reason: text(change.reason),
      },
    ];
  });
}

/**
 * The stored ai_insights value (`{ insights, meta }`, or a bare insights object) as the report
 * shows it; null when there is nothing to show (no column value, or no summary and no points).
 * Lenient on purpose: a stored record from an older or partial analysis still renders what it
 * has, and an unreadable one leaves the section out rather than failing the whole report.
 */
export function reportInsightsFromStored(stored: unknown): ReportAiInsights | null {
  if (!isObject(stored)) return null;
  const insights = isObject(stored.insights) ? stored.insights : stored;
  const meta = isObject(stored.meta) ? stored.meta : {};
  const section: ReportAiInsights = {
    summary: text(insights.summary),
    strengths: texts(insights.strengths),
    weaknesses: texts(insights.weaknesses),
    risks: texts(insights.risks),
    overfittingConcerns: texts(insights.overfittingConcerns),
    suggestedParameterChanges: parameterChanges(insights.suggestedParameterChanges),
    confidence:
      typeof insights.confidence === 'number' && Number.isFinite(insights.confidence)
        ? insights.confidence
        : null,
    provider: text(meta.provider) || 'unknown provider',
    model: text(meta.model) || 'unknown model',
    template: text(meta.task)
      ? `${text(meta.task)}${text(meta.templateVersion) ? ` v${text(meta.templateVersion)}` : ''}`
      : null,
    analysedAt: timeOf(stored.analysedAt ?? meta.analysedAt ?? stored.createdAt),
  };
  const hasPoints =
    section.strengths.length +
      section.weaknesses.length +
      section.risks.length +
      section.overfittingConcerns.length +
      section.suggestedParameterChanges.length >
    0;
  return section.summary === '' && !hasPoints ? null : section;
}

/** Checks a caller-built section (typed input can still be wrong at run time), naming the field. */
export function checkReportInsights(value: ReportAiInsights): void {
  const field = (name: string) => `aiInsights.${name}`;
  if (!isObject(value)) throw new InputError('aiInsights', value, 'expected an object');
  for (const name of ['summary', 'provider', 'model'] as const) {
    if (typeof value[name] !== 'string')
      throw new InputError(field(name), value[name], 'expected text');
  }
  for (const name of ['strengths', 'weaknesses', 'risks', 'overfittingConcerns'] as const) {
    const list = value[name];
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
      throw new InputError(field(name), list, 'expected a list of text');
    }
  }
  const changes: unknown = value.suggestedParameterChanges;
  if (!Array.isArray(changes)) {
    throw new InputError(field('suggestedParameterChanges'), changes, 'expected a list');
  }
  changes.forEach((change: unknown, i) => {
    const ok =
      isObject(change) &&
      typeof change.parameter === 'string' &&
      typeof change.suggested === 'string' &&
      typeof change.reason === 'string' &&
      (change.current === null || typeof change.current === 'string');
    if (!ok) {
      throw new InputError(
        field(`suggestedParameterChanges[${i}]`),
        change,
        'expected { parameter, current, suggested, reason } as text',
      );
    }
  });
  if (value.confidence !== null && typeof value.confidence !== 'number') {
    throw new InputError(field('confidence'), value.confidence, 'expected a number or null');
  }
  for (const name of ['template', 'analysedAt'] as const) {
    if (value[name] !== null && typeof value[name] !== 'string') {
      throw new InputError(field(name), value[name], 'expected text or null');
    }
  }
}

function renderList(title: string, items: readonly string[], cls: string): string {
  if (items.length === 0) return '';
  return `<div class="ai-list ${cls}"><h3>${h(title)}</h3><ul>${items
    .map((item) => `<li>${h(item)}</li>`)
    .join('')}</ul></div>`;
}

function renderChanges(changes: readonly ReportParameterChange[]): string {
  if (changes.length === 0) return '';
  const rows = changes
    .map(
      (c) =>
        `<tr><td>${h(c.parameter)}</td><td>${h(c.current ?? '—')}</td><td>${h(c.suggested)}</td><td>${h(c.reason)}</td></tr>`,
    )
    .join('\n');
  return `<h3>Suggested parameter changes</h3>
<div class="table-scroll"><table class="ai-changes"><thead><tr><th scope="col">Parameter</th><th scope="col">Current</th><th scope="col">Suggested</th><th scope="col">Reason</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

/** The section's HTML (ending in a newline); empty when there are no insights: no section at all. */
export function renderAiInsights(insights: ReportAiInsights | null | undefined): string {
  if (!insights) return '';
  const provenance = [
    `Written by <strong>${h(insights.provider)}</strong> (model ${h(insights.model)})`,
    insights.template ? `template ${h(insights.template)}` : '',
    insights.analysedAt ? `on ${h(formatTime(insights.analysedAt))} UTC` : '',
    insights.confidence === null
      ? ''
      : `stated confidence ${h(formatRatio(insights.confidence))} (0 to 1)`,
  ].filter(Boolean);
  return `<section class="panel" id="ai-analysis"><h2>AI analysis</h2>
<p class="ai-disclaimer" role="note"><strong>Machine-generated commentary, not investment advice.</strong> A language model (or the offline local analyst) wrote this from the run's statistics; it can be wrong or invented. Check it against the figures in this report.</p>
<p class="note ai-provenance">${provenance.join(' · ')}.</p>
${insights.summary ? `<p class="ai-summary">${h(insights.summary)}</p>` : ''}
<div class="ai-lists">${[
    renderList('Strengths', insights.strengths, 'ai-strengths'),
    renderList('Weaknesses', insights.weaknesses, 'ai-weaknesses'),
    renderList('Risks', insights.risks, 'ai-risks'),
    renderList('Overfitting concerns', insights.overfittingConcerns, 'ai-overfitting'),
  ].join('')}</div>
${renderChanges(insights.suggestedParameterChanges)}
</section>
`;
}
