import { mkdtemp, readdir, readFile, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { renderHtmlReport, writeHtmlReport, type ReportDataJson } from './html.ts';
import { formatCurrency, formatPercent, formatRatio } from './format.ts';
import { chartPrice, MAX_BARS_PER_SYMBOL } from './report-data.ts';
import { sampleReportInput } from './sample-input.ts';

const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

function embeddedData(html: string): ReportDataJson {
  const match = /<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no report-data script element');
  return JSON.parse(match[1]) as ReportDataJson;
}

/** The document with every script body removed: what a browser parses as markup. */
function markupOnly(html: string): string {
  return html.replace(SCRIPT_ELEMENT, '<script$1></script>');
}

describe('renderHtmlReport', () => {
  const input = sampleReportInput();
  const html = renderHtmlReport(input);

  it('is one document whose scripts are all inline', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const scripts = [...html.matchAll(SCRIPT_ELEMENT)];
    expect(scripts.length).toBe(4);
    for (const [, attributes, body] of scripts) {
      expect(attributes).not.toMatch(/\bsrc\s*=/i);
      expect(body.length).toBeGreaterThan(0);
    }
    // Nothing else can end a script early: every "</script" is one of the four closings.
    expect(html.match(/<\/script/gi)?.length).toBe(4);
    expect(html).toContain('new Chart(canvas');
    expect(html).toContain('LightweightCharts');
  });

  it('references nothing on the network', () => {
    const markup = markupOnly(html);
    expect(markup).not.toMatch(/https?:\/\//i);
    expect(markup).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    const styles = [...markup.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]);
    expect(styles.length).toBe(1);
    for (const css of styles) {
      expect(css).not.toMatch(/@import/i);
      expect(css).not.toMatch(/url\(/i);
    }
    // A CSP that forbids any fetch backs the static checks in the browser.
    expect(markup).toContain("default-src 'none'");
  });

  it('embeds data that parses back to the input', () => {
    const data = embeddedData(html);
    expect(data.result).toEqual(input.result);
    expect(data.benchmark).toEqual(input.benchmark);
    expect(data.bars.map((b) => b.symbol)).toEqual(['ACME', 'BOLT']);
    const acme = input.bars[0];
    expect(data.bars[0].time).toEqual([...acme.time].map((t) => t / 1000));
    // Chart prices keep PRICE_DIGITS significant digits.
    expect(data.bars[0].close).toEqual([...acme.close].map(chartPrice));
    data.bars[0].close.forEach((c, i) => expect(c).toBeCloseTo(acme.close[i], 5));
    expect(data.bars[0].volume).toEqual([...acme.volume]);
    expect(data.drawdown.length).toBe(input.result.equity.length);
    expect(data.benchmarkAligned?.[0]).toBeCloseTo(input.result.initialCapital, 9);
  });

  it('shows every metric with a human label and its unit, null as a dash', () => {
    const rows = Object.fromEntries(
      [
        ...html.matchAll(/<tr data-metric="([^"]+)"><td>([^<]*)<\/td><td class="num">([^<]*)</g),
      ].map((m) => [m[1], [m[2], m[3]]]),
    );
    expect(Object.keys(rows).sort()).toEqual(Object.keys(input.result.metrics).sort());
    const metrics = input.result.metrics;
    expect(rows.sharpeRatio).toEqual(['Sharpe ratio', formatRatio(metrics.sharpeRatio)]);
    expect(rows.sharpeRatio[1]).toMatch(/^-?\d+\.\d\d$/);
    expect(rows.cagr).toEqual(['CAGR', formatPercent(metrics.cagr)]);
    expect(rows.cagr[1]).toMatch(/^-?\d+\.\d\d %$/);
    expect(rows.maxDrawdownDuration[0]).toBe('Max drawdown duration (trading days)');
    expect(rows.maxDrawdownDuration[1]).toMatch(/^\d+ days?$/);
    expect(rows.expectancy).toEqual(['Expectancy (per trade)', formatCurrency(metrics.expectancy)]);
    expect(rows.expectancy[1]).toMatch(/^-?\$[\d,]+\.\d\d$/);
    expect(rows.trades).toEqual(['Trades', '5']);
    expect(metrics.probabilisticSharpe === null || rows.probabilisticSharpe[1].endsWith(' %')).toBe(
      true,
    );
    // No trials were given, so analytics leaves the deflated Sharpe undefined.
    expect(metrics.deflatedSharpe).toBeNull();
    expect(rows.deflatedSharpe).toEqual(['Deflated Sharpe ratio', '—']);
    expect(rows.someNewMetric).toEqual(['Some new metric', '0.50']);
  });

  it('has the header facts, settings and one row per trade', () => {
    expect(html).toContain('ma-crossover');
    expect(html).toContain('2021-01-04 → 2021-07-02');
    expect(html).toContain('$10,000.00');
    expect(html).toContain('<span class="chip">fast=10</span>');
    expect(html).toContain('<td>costs.commission.perShare</td><td>0.005</td>');
    expect(html.match(/<tr data-index="/g)?.length).toBe(input.result.trades.length);
    expect(html).not.toContain('SYNTHETIC DATA');
  });

  it('puts a synthetic-data banner on synthetic results', () => {
    const synthetic = renderHtmlReport(sampleReportInput({ synthetic: true }));
    expect(synthetic).toMatch(/class="synthetic-banner"[^>]*><strong>SYNTHETIC DATA<\/strong>/);
  });

  it('gives the same bytes for the same input', () => {
    expect(renderHtmlReport(sampleReportInput())).toBe(html);
  });

  it('keeps hostile text inside the data and out of the markup', () => {
    const evil = 'x</script><script>alert(1)</script><!--\u2028\u2029';
    const hostile = sampleReportInput({ reason: evil, symbol: 'EV</script>IL' });
    const out = renderHtmlReport({ ...hostile, title: '<b>title</b></script>' });
    expect(out.match(/<\/script/gi)?.length).toBe(4);
    expect(out).not.toContain('<script>alert(1)');
    const dataText = /<script id="report-data"[^>]*>([\s\S]*?)<\/script>/.exec(out)?.[1] ?? '';
    expect(dataText).toContain('\\u2028');
    expect(dataText).not.toMatch(/[\u2028\u2029]/);
    const data = embeddedData(out);
    expect(data.result.trades[0].entryReason).toBe(evil);
    expect(data.result.symbols[0]).toBe('EV</script>IL');
    expect(data.title).toBe('<b>title</b></script>');
    expect(out).toContain('<title>&lt;b&gt;title&lt;/b&gt;&lt;/script&gt;</title>');
    expect(out).toContain('x&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--');
  });

  it('renders a run with no trades and no bars', () => {
    const empty = sampleReportInput();
    const out = renderHtmlReport({
      result: { ...empty.result, trades: [], metrics: {} },
      bars: [],
    });
    expect(out).toContain('No trades in this run.');
    expect(out).toContain('No metrics in this result.');
    expect(out).toContain('No price data was given to the report.');
    expect(embeddedData(out).benchmark).toBeNull();
  });

  it('limits embedded candles and says so', () => {
    const base = sampleReportInput();
    const extra = base.bars.map((series) => ({ ...series, symbol: `${series.symbol}2` }));
    const out = renderHtmlReport({
      result: { ...base.result, symbols: [...base.result.symbols, 'ACME2', 'BOLT2'] },
      bars: [...base.bars, ...extra],
    });
    const data = embeddedData(out);
    expect(data.bars.map((b) => b.symbol)).toEqual(['ACME', 'BOLT']);
    expect(data.symbolsWithoutChart).toEqual(['ACME2', 'BOLT2']);
    expect(out).toContain('2 other symbol(s) have none: ACME2, BOLT2');
    expect(MAX_BARS_PER_SYMBOL).toBeGreaterThanOrEqual(5_000);
  });

  it('rejects a malformed result naming the field', () => {
    const base = sampleReportInput();
    const broken = { ...base, result: { ...base.result, equity: undefined as never } };
    expect(() => renderHtmlReport(broken)).toThrow(InputError);
    expect(() => renderHtmlReport(broken)).toThrow(/result\.equity/);
  });
});

describe('writeHtmlReport', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'microcap-report-unit-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('creates the parent folders and leaves only the finished file', async () => {
    const target = join(folder, 'a', 'b', 'report.html');
    const written = await writeHtmlReport(target, sampleReportInput());
    const text = await readFile(target, 'utf8');
    expect(written).toEqual({ path: target, bytes: Buffer.byteLength(text) });
    expect(text).toBe(renderHtmlReport(sampleReportInput()));
    expect(await readdir(join(folder, 'a', 'b'))).toEqual(['report.html']);
  });

  it('refuses an empty path or a folder', async () => {
    await mkdir(join(folder, 'dir.html'));
    await expect(writeHtmlReport('', sampleReportInput())).rejects.toThrow(InputError);
    await expect(writeHtmlReport(join(folder, 'dir.html'), sampleReportInput())).rejects.toThrow(
      /is a folder/,
    );
  });
});
