import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { BacktestResultJson, TradeJson } from '../backtest/result.ts';
import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { checkReportInsights, renderAiInsights, type ReportAiInsights } from './ai-insights.ts';
import { checkInlinable, loadChartAssets } from './assets.ts';
import { REPORT_CLIENT_JS } from './client-script.ts';
import { jsonForScriptTag } from './embed.ts';
import {
  escapeHtml,
  formatCount,
  formatCurrency,
  formatMetric,
  formatNumber,
  formatPercent,
  formatTime,
  isPresent,
  METRIC_GROUP_TITLES,
  metricLabel,
  orderMetricNames,
} from './format.ts';
import {
  alignBenchmark,
  drawdownFractions,
  MAX_BARS_PER_SYMBOL,
  selectChartSymbols,
  toChartBars,
  type BenchmarkInput,
  type ChartBars,
} from './report-data.ts';
import { REPORT_CSS } from './styles.ts';

export interface HtmlReportInput {
  readonly result: BacktestResultJson;
  /** Price series of the run; candles are drawn for a limited subset (see report-data.ts). */
  readonly bars: readonly BarSeries[];
  readonly title?: string;
  /** A benchmark equity curve; drawn rebased to the initial capital. */
  readonly benchmark?: BenchmarkInput;
  /**
   * The AI evaluation attached to a saved run (reportInsightsFromStored reads the stored
   * column); shown as an "AI analysis" section, none when absent.
   */
  readonly aiInsights?: ReportAiInsights | null;
}

/** The JSON embedded in the report (`<script id="report-data" type="application/json">`). */
export interface ReportDataJson {
  readonly title: string;
  readonly result: BacktestResultJson;
  readonly benchmark: BenchmarkInput | null;
  readonly benchmarkAligned: (number | null)[] | null;
  readonly drawdown: number[];
  readonly bars: ChartBars[];
  /** Symbols of the run without an embedded candlestick chart. */
  readonly symbolsWithoutChart: string[];
}

const h = escapeHtml;

function signClass(value: number | null | undefined): string {
  if (!isPresent(value) || value === 0) return '';
  return value > 0 ? 'pos' : 'neg';
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Nested settings become dotted keys ("costs.commission.perShare"); arrays stay JSON. */
function flattenSettings(value: unknown, prefix = ''): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) return [[prefix, '{}']];
    return entries.flatMap(([key, inner]) =>
      flattenSettings(inner, prefix ? `${prefix}.${key}` : key),
    );
  }
  return [[prefix, displayValue(value)]];
}

function listSymbols(symbols: readonly string[], shown = 12): string {
  if (symbols.length <= shown) return symbols.join(', ');
  return `${symbols.slice(0, shown).join(', ')} and ${symbols.length - shown} more`;
}

function renderHeader(result: BacktestResultJson, title: string): string {
  const totalReturn =
    result.initialCapital !== 0 ? result.finalValue / result.initialCapital - 1 : null;
  const params = Object.entries(result.params);
  const facts: [string, string, string][] = [
    ['Strategy', result.strategy, ''],
    ['Symbols', listSymbols(result.symbols), ''],
    ['Period', `${formatTime(result.start)} → ${formatTime(result.end)}`, ''],
    ['Initial capital', formatCurrency(result.initialCapital), ''],
    ['Final value', formatCurrency(result.finalValue), signClass(totalReturn)],
  ];
  return `<header class="report-header">
<h1>${h(title)}</h1>
<p class="subtitle">Backtest of <strong>${h(result.strategy)}</strong> on ${result.symbols.length} symbol${result.symbols.length === 1 ? '' : 's'}</p>
<dl class="facts">${facts
    .map(
      ([label, value, cls]) =>
        `<div><dt>${h(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${h(value)}</dd></div>`,
    )
    .join('')}</dl>
<div class="chips" aria-label="Strategy parameters">${
    params.length === 0
      ? '<span class="chip">default parameters</span>'
      : params
          .map(([key, value]) => `<span class="chip">${h(key)}=${h(displayValue(value))}</span>`)
          .join('')
  }</div>
</header>`;
}

function renderKpis(result: BacktestResultJson): string {
  const metrics = result.metrics;
  const totalReturn =
    metrics.totalReturn ??
    (result.initialCapital !== 0 ? result.finalValue / result.initialCapital - 1 : null);
  const cards: [string, string, string][] = [
    ['Final value', formatCurrency(result.finalValue), signClass(totalReturn)],
    ['Total return', formatPercent(totalReturn), signClass(totalReturn)],
  ];
  for (const name of ['cagr', 'sharpeRatio', 'maxDrawdown', 'winRate', 'trades']) {
    if (!Object.hasOwn(metrics, name)) continue;
    const value = metrics[name];
    const cls =
      name === 'maxDrawdown' || name === 'winRate' || name === 'trades' ? '' : signClass(value);
    cards.push([metricLabel(name).label, formatMetric(name, value), cls]);
  }
  return `<div class="kpis">${cards
    .map(
      ([label, value, cls]) =>
        `<div class="kpi"><div class="label">${h(label)}</div><div class="value${cls ? ` ${cls}` : ''}">${h(value)}</div></div>`,
    )
    .join('')}</div>`;
}

function renderStatistics(result: BacktestResultJson): string {
  const groups = new Map<string, string[]>();
  for (const name of orderMetricNames(Object.keys(result.metrics))) {
    const { label, group } = metricLabel(name);
    const row = `<tr data-metric="${h(name)}"><td>${h(label)}</td><td class="num">${h(formatMetric(name, result.metrics[name]))}</td></tr>`;
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  const bodies = (Object.keys(METRIC_GROUP_TITLES) as (keyof typeof METRIC_GROUP_TITLES)[])
    .filter((group) => groups.has(group))
    .map(
      (group) =>
        `<tbody><tr class="group"><th colspan="2" scope="rowgroup">${h(METRIC_GROUP_TITLES[group])}</th></tr>\n${(groups.get(group) ?? []).join('\n')}</tbody>`,
    );
  return `<section class="panel" id="statistics"><h2>Statistics</h2>
${bodies.length ? `<table class="stats">${bodies.join('\n')}</table>` : '<p class="note">No metrics in this result.</p>'}
</section>`;
}

function renderSettings(result: BacktestResultJson): string {
  const rows = [
    ...flattenSettings(result.settings),
    ...Object.entries(result.params).map(([k, v]): [string, string] => [
      `params.${k}`,
      displayValue(v),
    ]),
  ].filter(([key]) => key !== '');
  return `<section class="panel" id="settings"><h2>Run settings</h2>
${rows.length ? `<table class="settings"><tbody>${rows.map(([k, v]) => `<tr><td>${h(k)}</td><td>${h(v)}</td></tr>`).join('\n')}</tbody></table>` : '<p class="note">No settings recorded.</p>'}
</section>`;
}

interface TradeColumn {
  readonly label: string;
  readonly type: 'number' | 'text';
  readonly value: (trade: TradeJson, index: number) => string | number;
  readonly text: (trade: TradeJson, index: number) => string;
  readonly cls?: (trade: TradeJson) => string;
}

const costOf = (t: TradeJson) => t.commission + t.slippage + t.spread;

const TRADE_COLUMNS: readonly TradeColumn[] = [
  { label: '#', type: 'number', value: (_t, i) => i + 1, text: (_t, i) => String(i + 1) },
  { label: 'Symbol', type: 'text', value: (t) => t.symbol, text: (t) => t.symbol },
  { label: 'Side', type: 'text', value: (t) => t.side, text: (t) => t.side },
  { label: 'Entry', type: 'text', value: (t) => t.entryTime, text: (t) => formatTime(t.entryTime) },
  {
    label: 'Entry price',
    type: 'number',
    value: (t) => t.entryPrice,
    text: (t) => formatNumber(t.entryPrice),
  },
  { label: 'Exit', type: 'text', value: (t) => t.exitTime, text: (t) => formatTime(t.exitTime) },
  {
    label: 'Exit price',
    type: 'number',
    value: (t) => t.exitPrice,
    text: (t) => formatNumber(t.exitPrice),
  },
  {
    label: 'Shares',
    type: 'number',
    value: (t) => t.quantity,
    text: (t) => formatCount(t.quantity),
  },
  {
    label: 'P&L',
    type: 'number',
    value: (t) => t.pnl,
    text: (t) => formatCurrency(t.pnl),
    cls: (t) => signClass(t.pnl),
  },
  {
    label: 'Return',
    type: 'number',
    value: (t) => t.returnPct,
    text: (t) => formatPercent(t.returnPct),
    cls: (t) => signClass(t.returnPct),
  },
  { label: 'Bars', type: 'number', value: (t) => t.barsHeld, text: (t) => formatCount(t.barsHeld) },
  { label: 'Costs', type: 'number', value: costOf, text: (t) => formatCurrency(costOf(t)) },
  { label: 'Entry reason', type: 'text', value: (t) => t.entryReason, text: (t) => t.entryReason },
  { label: 'Exit reason', type: 'text', value: (t) => t.exitReason, text: (t) => t.exitReason },
];

function sortValue(value: string | number): string {
  return typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '0') : value;
}

function renderTrades(trades: readonly TradeJson[]): string {
  if (trades.length === 0) {
    return `<section class="panel" id="trade-list"><h2>Trades</h2><p class="note">No trades in this run.</p></section>`;
  }
  const head = TRADE_COLUMNS.map(
    (c) =>
      `<th scope="col" data-type="${c.type}"${c.type === 'number' ? ' class="num"' : ''}><button type="button">${h(c.label)}</button></th>`,
  ).join('');
  const rows = trades.map((trade, index) => {
    const cells = TRADE_COLUMNS.map((c) => {
      const classes = [
        c.type === 'number' ? 'num' : '',
        c.label === 'Entry' || c.label === 'Exit' ? 'date' : '',
        c.cls?.(trade) ?? '',
        c.label.endsWith('reason') ? 'reason' : '',
      ]
        .filter(Boolean)
        .join(' ');
      return `<td${classes ? ` class="${classes}"` : ''} data-value="${h(sortValue(c.value(trade, index)))}">${h(c.text(trade, index))}</td>`;
    }).join('');
    const entry = Date.parse(trade.entryTime) / 1000;
    const exit = Date.parse(trade.exitTime) / 1000;
    return `<tr data-index="${index}" data-symbol="${h(trade.symbol)}" data-entry="${Number.isFinite(entry) ? entry : 0}" data-exit="${Number.isFinite(exit) ? exit : 0}">${cells}</tr>`;
  });
  return `<section class="panel" id="trade-list"><h2>Trades (${trades.length})</h2>
<p class="note">Click a column header to sort; click a trade to show it on the price chart. Costs = commission + slippage + spread.</p>
<div class="table-scroll"><table class="trades" id="trades"><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

function renderCandlesPanel(data: ReportDataJson): string {
  if (data.bars.length === 0) {
    return `<section class="panel" id="candles-panel"><h2>Prices and trades</h2><p class="note">No price data was given to the report.</p></section>`;
  }
  const select =
    data.bars.length > 1
      ? `<label>Symbol <select id="symbol-select">${data.bars
          .map((b) => `<option value="${h(b.symbol)}">${h(b.symbol)}</option>`)
          .join('')}</select></label>`
      : `<strong>${h(data.bars[0].symbol)}</strong>`;
  const notes: string[] = [];
  if (data.symbolsWithoutChart.length > 0) {
    notes.push(
      `Candles are embedded for the first symbol and the traded ones only; ${data.symbolsWithoutChart.length} other symbol(s) have none: ${h(listSymbols(data.symbolsWithoutChart, 20))}.`,
    );
  }
  const clipped = data.bars.filter((b) => b.droppedBars > 0);
  if (clipped.length > 0) {
    notes.push(
      `Only the latest ${formatCount(MAX_BARS_PER_SYMBOL)} bars are embedded for ${h(clipped.map((b) => b.symbol).join(', '))}.`,
    );
  }
  return `<section class="panel" id="candles-panel">
<div class="panel-head"><h2>Prices and trades</h2>${select}</div>
<div class="chart-box chart-candles" id="candles-chart"></div>
<p class="note">▲ entry and ▼ exit of a long trade (reversed for shorts); the exit label is the trade's return. Drag to scroll, wheel or pinch to zoom.${notes.length ? ' ' + notes.join(' ') : ''}</p>
</section>`;
}

function buildReportData(input: HtmlReportInput, title: string): ReportDataJson {
  const { result } = input;
  const chosen = selectChartSymbols(result, input.bars);
  const bySymbol = new Map(input.bars.map((series) => [series.symbol, series]));
  const bars = chosen.map((symbol) =>
    toChartBars(bySymbol.get(symbol) as BarSeries, result.start, result.end),
  );
  const charted = new Set(chosen);
  return {
    title,
    result,
    benchmark: input.benchmark ?? null,
    benchmarkAligned: input.benchmark
      ? alignBenchmark(result.equity, input.benchmark.equity, result.initialCapital)
      : null,
    drawdown: drawdownFractions(result.equity),
    bars,
    symbolsWithoutChart: result.symbols.filter((symbol) => !charted.has(symbol)),
  };
}

function checkInput(input: HtmlReportInput): void {
  const { result } = input;
  if (!result || typeof result !== 'object')
    throw new InputError('result', result, 'expected a backtest result');
  for (const field of ['symbols', 'trades', 'equity'] as const) {
    if (!Array.isArray(result[field]))
      throw new InputError(`result.${field}`, result[field], 'expected an array');
  }
  if (!Array.isArray(input.bars))
    throw new InputError('bars', input.bars, 'expected an array of bar series');
  if (input.benchmark && !Array.isArray(input.benchmark.equity)) {
    throw new InputError(
      'benchmark.equity',
      input.benchmark.equity,
      'expected an array of { time, value }',
    );
  }
  if (input.aiInsights) checkReportInsights(input.aiInsights);
}

/**
 * One self-contained HTML document for a backtest: inline styles, the chart libraries and the
 * data inlined, no reference to anything on the network. Same input, same bytes.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  checkInput(input);
  const { result } = input;
  const title =
    input.title?.trim() || `${result.strategy} backtest: ${listSymbols(result.symbols, 3)}`;
  const data = buildReportData(input, title);
  const assets = loadChartAssets();
  const banner = result.synthetic
    ? `<div class="synthetic-banner" role="alert"><strong>SYNTHETIC DATA</strong> — these prices come from the generated demo universe, not from a market. The results say nothing about real stocks.</div>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<meta name="generator" content="microcap">
<title>${h(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${banner}
<main>
${renderHeader(result, title)}
${renderKpis(result)}
<section class="panel" id="equity-panel"><h2>Equity${input.benchmark ? ` vs ${h(input.benchmark.symbol)}` : ''}</h2>
<div class="chart-box chart-equity"><canvas id="equity-chart" role="img" aria-label="Equity curve"></canvas></div></section>
<section class="panel" id="drawdown-panel"><h2>Drawdown</h2>
<div class="chart-box chart-drawdown"><canvas id="drawdown-chart" role="img" aria-label="Drawdown from the running peak"></canvas></div></section>
${renderCandlesPanel(data)}
<div class="columns">
${renderStatistics(result)}
${renderSettings(result)}
</div>
${renderAiInsights(input.aiInsights)}${renderTrades(result.trades)}
<footer>Generated by microcap. ${result.synthetic ? 'SYNTHETIC DATA. ' : ''}Times in UTC. Charts drawn with Chart.js (MIT licence) and TradingView Lightweight Charts™ (Apache-2.0 licence, © TradingView, Inc.), both embedded in this file.</footer>
</main>
<script id="report-data" type="application/json">${jsonForScriptTag(data)}</script>
<script>${assets.chartJs}</script>
<script>${assets.lightweightCharts}</script>
<script>${checkInlinable('report script', REPORT_CLIENT_JS)}</script>
</body>
</html>
`;
}

/**
 * Renders and writes the report atomically (a temporary file in the same folder, then a
 * rename), creating the folder if needed; a failed write leaves no partial file.
 */
export async function writeHtmlReport(
  path: string,
  input: HtmlReportInput,
): Promise<{ path: string; bytes: number }> {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new InputError('report', path, 'expected a file path');
  }
  const target = resolve(path);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory())
    throw new InputError('report', path, 'is a folder, expected a file path');
  const html = renderHtmlReport(input);
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    await writeFile(temp, html, 'utf8');
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { path: target, bytes: Buffer.byteLength(html, 'utf8') };
}
