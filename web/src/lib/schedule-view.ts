import type { ScheduleRunJson, UniverseFilterJson } from '../api/schedules.ts';

/**
 * Pure helpers of the Schedules page: the symbol list typed into the form, the universe and
 * last-run texts shown in the table. No Vue or DOM here, so they are tested in Node.
 */

/** "abc, def ghi" -> ["ABC", "DEF", "GHI"]: commas or spaces, upper case, no repeats. */
export function parseSymbols(text: string): string[] {
  const symbols = text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
  return [...new Set(symbols)];
}

/** The first few symbols and how many more, for a table cell. */
export function symbolsText(symbols: readonly string[], shown = 4): string {
  if (symbols.length === 0) return '—';
  const head = symbols.slice(0, shown).join(', ');
  return symbols.length > shown ? `${head} +${symbols.length - shown}` : head;
}

function compactDollars(value: number): string {
  if (value >= 1e9) return `$${Number((value / 1e9).toFixed(1))}B`;
  if (value >= 1e6) return `$${Number((value / 1e6).toFixed(1))}M`;
  if (value >= 1e3) return `$${Number((value / 1e3).toFixed(1))}K`;
  return `$${value}`;
}

/** "cap ≤ $300M · price ≥ $1 · avg volume ≥ 10000 (20 d)". */
export function universeText(universe: UniverseFilterJson): string {
  const parts = [
    `cap ≤ ${compactDollars(universe.maxMarketCap)}`,
    `price ≥ $${universe.minPrice}`,
    `avg volume ≥ ${universe.minAvgVolume} (${universe.volumeWindow} d)`,
  ];
  if (universe.requireMarketCap) parts.push('cap required');
  return parts.join(' · ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What a run did, in one line: the error of a failed run, the reason of a skipped one, the
 * signal counts of a signal pass or the status of a paper-portfolio run.
 */
export function runOutcomeText(run: Pick<ScheduleRunJson, 'status' | 'summary'>): string {
  const summary = isRecord(run.summary) ? run.summary : {};
  if (typeof summary.error === 'string') return summary.error;
  if (typeof summary.reason === 'string') return summary.reason;
  if (summary.kind === 'signals') {
    const parts: string[] = [];
    if (typeof summary.universe === 'number') parts.push(`${summary.universe} in universe`);
    if (typeof summary.accepted === 'number') parts.push(`${summary.accepted} accepted`);
    if (typeof summary.rejected === 'number') parts.push(`${summary.rejected} rejected`);
    return parts.join(', ');
  }
  if (summary.kind === 'paper-run') {
    const portfolio = typeof summary.portfolio === 'string' ? summary.portfolio : 'portfolio';
    const status = typeof summary.status === 'string' ? `: ${summary.status}` : '';
    return `${portfolio}${status}`;
  }
  return run.status === 'running' ? 'in progress' : '';
}

/** Chip colour of a run status. */
export function runStatusColor(status: string): string {
  switch (status) {
    case 'completed':
      return 'success';
    case 'failed':
      return 'error';
    case 'skipped':
      return 'warning';
    default:
      return 'info';
  }
}
