import type {
  NewScheduleBody,
  ScheduleChangesBody,
  ScheduleJson,
  ScheduleRunJson,
  UniverseFilterJson,
} from '../api/schedules.ts';
import { isRecord } from './json.ts';

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

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function sortedEntries(record: object): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The fields of the edit form that differ from the stored schedule, as a PATCH body (empty when
 * nothing changed). Parameters are sent without the strategy when only they changed, so a
 * schedule made from a saved configuration keeps its link; the universe is sent whole, as the
 * server replaces it whole.
 */
export function scheduleChanges(
  current: ScheduleJson,
  form: NewScheduleBody,
  currentPortfolio: string | null,
): ScheduleChangesBody {
  const changes: { -readonly [K in keyof ScheduleChangesBody]: ScheduleChangesBody[K] } = {};
  if (form.name !== current.name) changes.name = form.name;
  const params = form.params ?? {};
  if (form.strategy !== undefined && form.strategy !== current.strategy) {
    changes.strategy = form.strategy;
    changes.params = params;
  } else if (!sameJson(sortedEntries(params), sortedEntries(current.params))) {
    changes.params = params;
  }
  if (form.symbols !== undefined && !sameJson(form.symbols, current.symbols)) {
    changes.symbols = form.symbols;
  }
  const universe = { ...current.universe, ...form.universe };
  if (!sameJson(sortedEntries(universe), sortedEntries(current.universe))) {
    changes.universe = universe;
  }
  if ((form.portfolio ?? null) !== currentPortfolio) changes.portfolio = form.portfolio ?? null;
  if (form.cron !== undefined && form.cron !== current.cron) changes.cron = form.cron;
  if (form.timezone !== undefined && form.timezone !== current.timezone) {
    changes.timezone = form.timezone;
  }
  if (form.enabled !== undefined && form.enabled !== current.enabled) {
    changes.enabled = form.enabled;
  }
  return changes;
}
