import { createBarSeries, type BarSeries } from '../../domain/bars.ts';
import type { Intent } from '../types.ts';
import type { ReplayResult } from './driver.ts';

/** Test support: hand-made daily bars and a compact view of recorded intents. */

export interface BarSpec {
  readonly c: number;
  readonly o?: number;
  readonly h?: number;
  readonly l?: number;
  readonly v?: number;
}

const DAY_MS = 86_400_000;
/** Monday 2024-01-01 (UTC), so weeks in fixtures start on bar 0. */
const START = Date.UTC(2024, 0, 1);

/**
 * Consecutive calendar days. Open defaults to the close, high/low to close ± halfRange, volume
 * to 1000: only what a test spells out varies.
 */
export function dailyBars(specs: readonly (BarSpec | number)[], halfRange = 0.5): BarSeries {
  const rows = specs.map((s) => (typeof s === 'number' ? { c: s } : s));
  return createBarSeries('TEST', {
    time: rows.map((_, i) => START + i * DAY_MS),
    open: rows.map((r) => r.o ?? r.c),
    high: rows.map((r) => r.h ?? Math.max(r.o ?? r.c, r.c) + halfRange),
    low: rows.map((r) => r.l ?? Math.min(r.o ?? r.c, r.c) - halfRange),
    close: rows.map((r) => r.c),
    volume: rows.map((r) => r.v ?? 1000),
  });
}

/** "index:kind[:side]" for every intent, in bar order: easy to compare with an expectation. */
export function summarize(result: ReplayResult): string[] {
  const out: string[] = [];
  result.intents.forEach((list, index) => {
    for (const intent of list) out.push(`${index}:${describeIntent(intent)}`);
  });
  return out;
}

function describeIntent(intent: Intent): string {
  return intent.kind === 'enter' ? `enter:${intent.side}` : intent.kind;
}

/** The first intent of `kind` on bar `index` (throws when absent, so tests fail loudly). */
export function intentAt<K extends Intent['kind']>(
  result: ReplayResult,
  index: number,
  kind: K,
): Extract<Intent, { kind: K }> {
  const found = result.intents[index]?.find((i) => i.kind === kind);
  if (!found) throw new Error(`no ${kind} intent on bar ${index}`);
  return found as Extract<Intent, { kind: K }>;
}
