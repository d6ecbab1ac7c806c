import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { reportInsightsFromStored, type ReportAiInsights } from './ai-insights.ts';
import { renderHtmlReport } from './html.ts';
import { sampleReportInput, sampleStoredInsights } from './sample-input.ts';

const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

/** The document with every script body removed: what a browser parses as markup. */
const markupOnly = (html: string) => html.replace(SCRIPT_ELEMENT, '<script$1></script>');

/** Every tag of the markup, in order, as `<name attributes>`. */
const tags = (html: string) => [...markupOnly(html).matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);

const unescape = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function section(html: string): string {
  const match = /<section class="panel" id="ai-analysis">[\s\S]*?<\/section>/.exec(html);
  if (!match) throw new Error('no AI analysis section');
  return match[0];
}

function withInsights(stored: unknown): string {
  return renderHtmlReport({ ...sampleReportInput(), aiInsights: reportInsightsFromStored(stored) });
}

describe('reportInsightsFromStored', () => {
  it('reads the { insights, meta, analysedAt } record that analyze stores', () => {
    const stored = sampleStoredInsights();
    const insights = reportInsightsFromStored(stored);
    expect(insights).toEqual({
      ...stored.insights,
      provider: 'local',
      model: 'local-analyst-1',
      template: 'strategy-evaluation v1',
      analysedAt: '2026-11-20T14:30:00.000Z',
    });
  });

  it('reads a record stored before analyses were dated (no time) as undated', () => {
    const { insights, meta } = sampleStoredInsights();
    expect(reportInsightsFromStored({ insights, meta })?.analysedAt).toBeNull();
  });

  it('takes an analysis time when the record has one, and a bare insights object', () => {
    const stored = { ...sampleStoredInsights(), analysedAt: '2026-11-25T10:30:00.000Z' };
    expect(reportInsightsFromStored(stored)?.analysedAt).toBe('2026-11-25T10:30:00.000Z');
    const bare = reportInsightsFromStored(sampleStoredInsights().insights);
    expect(bare?.summary).toMatch(/^Positive return/);
    expect(bare?.provider).toBe('unknown provider');
  });

  it('gives null when there is nothing to show', () => {
    for (const stored of [null, undefined, 'text', 42, [], {}, { insights: { summary: ' ' } }]) {
      expect(reportInsightsFromStored(stored), JSON.stringify(stored)).toBeNull();
    }
  });

  it('keeps what is readable from a partial record', () => {
    const insights = reportInsightsFromStored({
      insights: { summary: 'ok', risks: ['r', 3, ''], suggestedParameterChanges: [{ x: 1 }] },
    });
    expect(insights).toMatchObject({
      summary: 'ok',
      risks: ['r'],
      strengths: [],
      suggestedParameterChanges: [],
      confidence: null,
    });
  });
});

describe('AI analysis section of the report', () => {
  const plain = renderHtmlReport(sampleReportInput());

  it('is absent without insights, and the report is unchanged', () => {
    expect(plain).not.toContain('id="ai-analysis"');
    expect(plain).not.toContain('AI analysis');
    expect(plain).not.toContain('class="ai-disclaimer"');
    expect(renderHtmlReport({ ...sampleReportInput(), aiInsights: null })).toBe(plain);
    expect(withInsights(null)).toBe(plain);
  });

  it('shows summary, points, changes, provenance and the not-advice note', () => {
    const html = withInsights({
      ...sampleStoredInsights(),
      analysedAt: Date.UTC(2026, 10, 25, 10, 30),
    });
    const text = section(html);
    expect(text).toContain('<h2>AI analysis</h2>');
    expect(text).toContain('Machine-generated commentary, not investment advice.');
    expect(text).toContain('<p class="ai-summary">Positive return on few trades;');
    expect(text).toContain('<h3>Strengths</h3><ul><li>Costs are modest');
    expect(text).toContain('<h3>Weaknesses</h3><ul><li>Only five trades.</li><li>Most profit');
    expect(text).toContain('<h3>Risks</h3>');
    expect(text).toContain('<h3>Overfitting concerns</h3>');
    expect(text).toContain('<tr><td>slow</td><td>30</td><td>50</td><td>fewer whipsaws</td></tr>');
    expect(text).toContain('Written by <strong>local</strong> (model local-analyst-1)');
    expect(text).toContain('template strategy-evaluation v1');
    expect(text).toContain('on 2026-11-25 10:30 UTC');
    expect(text).toContain('stated confidence 0.35');
    // It sits before the trade list and adds no script.
    expect(html.indexOf('id="ai-analysis"')).toBeLessThan(html.indexOf('id="trade-list"'));
    expect(html.match(/<\/script/gi)?.length).toBe(4);
  });

  it('leaves out empty lists and an unknown time', () => {
    const { insights, meta } = sampleStoredInsights();
    const text = section(
      withInsights({
        meta,
        insights: { ...insights, strengths: [], suggestedParameterChanges: [] },
      }),
    );
    expect(text).not.toContain('Strengths');
    expect(text).not.toContain('Suggested parameter changes');
    expect(text).not.toMatch(/ on \d{4}-/);
  });

  it('keeps hostile LLM text as text: no new element, script, src, href or handler', () => {
    const evil =
      '"quoted" \'single\' </script><script>alert(1)</script><img src=x onerror="alert(2)">' +
      '<a href="javascript:alert(3)">x</a><!-- & </section>';
    const benign = withInsights(sampleStoredInsights('harmless'));
    const hostile = withInsights(sampleStoredInsights(evil));
    // Same elements in the same order as with harmless text: the text created no markup.
    expect(tags(hostile).map((t) => /^<(\w+)/.exec(t)?.[1])).toEqual(
      tags(benign).map((t) => /^<(\w+)/.exec(t)?.[1]),
    );
    for (const tag of tags(hostile)) {
      expect(tag).not.toMatch(/\s(src|href|on[a-z]+)\s*=/i);
    }
    expect(hostile.match(/<script\b/gi)?.length).toBe(4);
    expect(hostile.match(/<\/script/gi)?.length).toBe(4);
    expect(markupOnly(hostile)).not.toMatch(/<img|<a\b|javascript:alert\(3\)"/i);
    expect(markupOnly(hostile)).not.toMatch(/https?:\/\//i);
    // ...and reads back exactly as the model wrote it.
    const text = section(hostile);
    const summary = /<p class="ai-summary">([^<]*)<\/p>/.exec(text)?.[1] ?? '';
    expect(unescape(summary)).toBe(evil);
    const items = [...text.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => unescape(m[1]));
    expect(items.length).toBe(5);
    expect(items.every((item) => item === evil)).toBe(true);
    const cells = [...text.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => unescape(m[1]));
    expect(cells).toEqual([evil, evil, evil, evil]);
    expect(text).toContain(`<strong>${'&quot;quoted&quot; &#39;single&#39; &lt;/script&gt;'}`);
  });

  it('rejects a malformed section naming the field', () => {
    const good = reportInsightsFromStored(sampleStoredInsights()) as ReportAiInsights;
    const bad = { ...good, risks: ['ok', 7] } as unknown as ReportAiInsights;
    expect(() => renderHtmlReport({ ...sampleReportInput(), aiInsights: bad })).toThrow(InputError);
    expect(() => renderHtmlReport({ ...sampleReportInput(), aiInsights: bad })).toThrow(
      /aiInsights\.risks/,
    );
    const badChange = {
      ...good,
      suggestedParameterChanges: [{ parameter: 'slow' }],
    } as unknown as ReportAiInsights;
    expect(() => renderHtmlReport({ ...sampleReportInput(), aiInsights: badChange })).toThrow(
      /aiInsights\.suggestedParameterChanges\[0\]/,
    );
  });
});
