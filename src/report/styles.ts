/** The report's stylesheet: system fonts only (no web fonts to fetch), light and compact. */
export const REPORT_CSS = `
:root {
  --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --panel: #ffffff; --page: #f5f6f8;
  --accent: #2563eb; --good: #15803d; --bad: #b91c1c;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--page);
}
* { box-sizing: border-box; }
body { margin: 0; font-size: 14px; line-height: 1.45; }
main { max-width: 1200px; margin: 0 auto; padding: 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 0 0 10px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.synthetic-banner { background: #fef3c7; color: #78350f; border-bottom: 3px solid #d97706;
  padding: 10px 16px; font-weight: 600; text-align: center; }
.synthetic-banner strong { letter-spacing: .06em; }
header.report-header { margin-bottom: 14px; }
.subtitle { color: var(--muted); margin: 0 0 10px; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; }
.facts div { display: flex; gap: 6px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.chip { background: #eef2ff; color: #3730a3; border-radius: 999px; padding: 2px 10px; font-size: 12px;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; margin: 0 0 14px; }
.kpi { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.kpi .label { color: var(--muted); font-size: 12px; }
.kpi .value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.pos { color: var(--good); } .neg { color: var(--bad); }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 14px; margin: 0 0 14px; }
.chart-box { position: relative; width: 100%; }
.chart-equity { height: 320px; } .chart-drawdown { height: 170px; } .chart-candles { height: 420px; }
.panel-head { display: flex; align-items: center; justify-content: space-between; gap: 10px; flex-wrap: wrap; margin-bottom: 10px; }
.panel-head h2 { margin: 0; }
select { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.note { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
.columns { display: grid; grid-template-columns: 3fr 2fr; gap: 14px; align-items: start; }
.columns > section.panel { margin: 0; }
.columns { margin-bottom: 14px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
table.stats tr.group th { padding-top: 12px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--accent); border-bottom: 1px solid var(--line); }
table.stats tbody:first-child tr.group th { padding-top: 4px; }
table.stats td:first-child, table.settings td:first-child { color: var(--muted); }
table.settings td:last-child { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-word; }
.table-scroll { overflow-x: auto; }
table.trades { font-size: 13px; }
table.trades th { position: sticky; top: 0; background: #f9fafb; white-space: nowrap; }
table.trades th button { all: unset; cursor: pointer; display: inline-flex; gap: 4px; align-items: center; }
table.trades th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
table.trades th[aria-sort="ascending"] button::after { content: "▲"; font-size: 10px; }
table.trades th[aria-sort="descending"] button::after { content: "▼"; font-size: 10px; }
table.trades tbody tr { cursor: pointer; }
table.trades tbody tr:hover { background: #f3f4f6; }
table.trades tbody tr.selected { background: #e0e7ff; }
td.reason { color: var(--muted); max-width: 220px; overflow-wrap: anywhere; }
.ai-disclaimer { background: #f3f4f6; border-left: 3px solid var(--muted); padding: 6px 10px; margin: 0 0 8px; font-size: 13px; }
.ai-summary { margin: 10px 0; white-space: pre-line; overflow-wrap: anywhere; }
.ai-lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 4px 18px; }
#ai-analysis h3 { font-size: 13px; margin: 10px 0 4px; }
#ai-analysis ul { margin: 0; padding-left: 18px; }
#ai-analysis li, table.ai-changes td { overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: 12px; padding: 6px 0 24px; }
@media (max-width: 820px) {
  main { padding: 10px; }
  .columns { grid-template-columns: 1fr; }
  .chart-equity { height: 260px; } .chart-candles { height: 340px; }
  .kpi .value { font-size: 17px; }
}
`;
