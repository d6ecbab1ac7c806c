import { writeFile } from 'node:fs/promises';
import type { Heatmap } from './heatmap.ts';
import type { SweepResult } from './sweep.ts';

/**
 * A self-contained HTML page for a sweep: summary, overfitting statistics, the heatmap as a
 * coloured table, the ranked table and (walk-forward) the stitched out-of-sample equity as an
 * inline SVG. No scripts, no external assets.
 */
export function renderSweepHtml(result: SweepResult): string {
  const best = result.best;
  const o = result.overfitting;
  const params = best ? formatParams(best.params) : 'none';
  const sections = [
    `<h1>Sweep: ${esc(result.strategy)}</h1>`,
    `<p>${esc(result.data.symbols.join(', '))} · ${esc(result.data.start)} → ${esc(result.data.end)} ` +
      `(${result.data.bars} bars) · objective <code>${esc(result.objective)}</code> · ` +
      `${result.search.method} search, ${result.search.trials} trials ` +
      `(${result.search.rejected} rejected by the strategy's rules)</p>`,
    `<h2>Best</h2><p><b>${esc(params)}</b> · objective ${num(best?.objective ?? null)}</p>`,
    '<h2>Overfitting statistics</h2>',
    table(
      ['statistic', 'value', 'reading'],
      [
        ['trials', String(o.trials), 'N parameter sets tried'],
        ['expected max Sharpe', num(o.expectedMaxSharpe), 'best Sharpe of N skill-less trials'],
        ['best Sharpe', num(o.bestSharpe), 'annualised, whole range'],
        ['deflated Sharpe', num(o.deflatedSharpe), 'P(true Sharpe > luck threshold)'],
        ['PBO', num(o.pbo?.pbo ?? null), 'P(in-sample winner is below median out of sample)'],
        [
          'stability',
          num(o.stability?.ratio ?? null),
          `mean of ${o.stability?.neighbours ?? 0} neighbours / best`,
        ],
      ],
    ),
  ];
  if (result.heatmap) sections.push('<h2>Heatmap</h2>', heatmapTable(result.heatmap));
  if (result.walkForward) {
    const wf = result.walkForward;
    sections.push(
      `<h2>Walk-forward (${wf.mode}, ${wf.inSampleBars}:${wf.outOfSampleBars} bars)</h2>`,
      `<p>out-of-sample return ${num(wf.totalReturn)}, Sharpe ${num(wf.sharpe)}, ` +
        `max drawdown ${num(wf.maxDrawdown)}, efficiency ${num(wf.efficiency)}</p>`,
      equitySvg(wf.equity.map((p) => p.value)),
      table(
        ['#', 'in sample', 'out of sample', 'params', 'IS objective', 'OOS objective'],
        wf.windows.map((w) => [
          String(w.index),
          `${w.inSample.start} → ${w.inSample.end}`,
          `${w.outOfSample.start} → ${w.outOfSample.end}`,
          formatParams(w.params),
          num(w.inSampleObjective),
          num(w.outOfSampleObjective),
        ]),
      ),
    );
  }
  sections.push(
    '<h2>Ranked trials</h2>',
    table(
      ['rank', 'params', 'objective', 'sharpe', 'return', 'max DD', 'trades'],
      result.ranked.map((r) => [
        String(r.rank),
        formatParams(r.params),
        num(r.objective),
        num(r.metrics.sharpe),
        num(r.metrics.return),
        num(r.metrics.maxDrawdown),
        String(r.metrics.trades ?? ''),
      ]),
    ),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>microcap sweep: ${esc(result.strategy)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f4f4f4}
td.heat{min-width:2.2em;font-size:11px}code{background:#f4f4f4;padding:1px 4px}</style>
</head><body>
${sections.join('\n')}
</body></html>
`;
}

export async function writeSweepHtml(path: string, result: SweepResult): Promise<void> {
  await writeFile(path, renderSweepHtml(result), 'utf8');
}

function heatmapTable(h: Heatmap): string {
  const values = h.cells.flat().filter((v): v is number => v !== null);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const header = `<tr><th>${esc(h.y.name)} \\ ${esc(h.x.name)}</th>${h.x.values
    .map((v) => `<th>${esc(String(v))}</th>`)
    .join('')}</tr>`;
  const rows = h.cells.map((row, r) => {
    const cells = row
      .map((v) => {
        if (v === null) return '<td class="heat" style="background:#eee">–</td>';
        const t = hi > lo ? (v - lo) / (hi - lo) : 1;
        // Red (low) through yellow to green (high).
        const hue = Math.round(120 * t);
        return `<td class="heat" style="background:hsl(${hue},70%,75%)" title="${esc(String(v))}">${v.toFixed(2)}</td>`;
      })
      .join('');
    return `<tr><th>${esc(String(h.y.values[r]))}</th>${cells}</tr>`;
  });
  return `<table>${header}${rows.join('')}</table>`;
}

function equitySvg(values: readonly number[]): string {
  if (values.length < 2) return '';
  const width = 800;
  const height = 220;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const points = values
    .map((v, i) => {
      const x = (i / (values.length - 1)) * width;
      const y = height - ((v - lo) / span) * height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="stitched out-of-sample equity"><polyline fill="none" stroke="#1565c0" stroke-width="1.5" points="${points}"/></svg>`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table>${head}${body}</table>`;
}

export function formatParams(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

function num(value: number | null): string {
  if (value === null) return '–';
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toFixed(4);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
