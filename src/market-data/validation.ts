import { barsToSeries, type BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { toIsoDate } from '../domain/time.ts';
import { nyseCalendar, utcDay } from './calendar.ts';
import type { TradingCalendar } from './calendar.ts';
import type { SplitEvent } from './providers/types.ts';

/**
 * Checks a daily series before it is stored or backtested, and optionally repairs it.
 *
 * Errors (strict mode throws on the first; repair mode fixes and reports every change):
 *  - `not-finite` / `non-positive`: a price that is NaN, infinite, zero or negative -> bar removed;
 *    a negative or non-finite volume -> set to 0.
 *  - `out-of-order`: times not ascending -> sorted. `duplicate`: two bars on one time -> the
 *    first kept.
 *  - `ohlc-inconsistent`: high below open/close/low, or low above them -> high/low widened to
 *    the bar's extremes.
 *  - `non-trading-day`: a daily bar on a weekend or exchange holiday -> removed.
 *  - `spike`: a close that jumps more than the threshold and is reversed the next day (a bad
 *    print, not a split) -> bar removed.
 *  - `split-unadjusted`: a provider split event whose price step is still in the data ->
 *    earlier bars divided by the ratio (volume multiplied), one change per split.
 * Warnings (reported, never fatal, never "fixed" because the truth is unknown):
 *  - `gap`: trading days missing between two bars (holidays are not gaps).
 *  - `split-suspected`: a price step close to a common split ratio with no split event.
 *  - `suspicious-jump`: |return| above the threshold (default 50 %) with no split to explain it.
 */

export type ValidationMode = 'strict' | 'repair';

export type IssueKind =
  | 'not-finite'
  | 'non-positive'
  | 'out-of-order'
  | 'duplicate'
  | 'ohlc-inconsistent'
  | 'non-trading-day'
  | 'spike'
  | 'split-unadjusted'
  | 'gap'
  | 'split-suspected'
  | 'suspicious-jump';

const WARNING_KINDS: ReadonlySet<IssueKind> = new Set([
  'gap',
  'split-suspected',
  'suspicious-jump',
]);

export interface ValidationIssue {
  /** Index in the series as given. */
  readonly index: number;
  readonly time: number;
  readonly field: string;
  readonly kind: IssueKind;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface RepairChange {
  readonly index: number;
  readonly time: number;
  readonly field: string;
  readonly kind: IssueKind;
  readonly action: 'removed' | 'set' | 'sorted' | 'adjusted';
  readonly before?: number;
  readonly after?: number;
  readonly message: string;
}

export interface ValidationOptions {
  readonly mode: ValidationMode;
  /** Trading calendar for gaps and non-trading days; default NYSE; null skips both checks. */
  readonly calendar?: TradingCalendar | null;
  /** Split events from the provider (ratio = new shares per old share). */
  readonly splits?: readonly SplitEvent[];
  /** |close-to-close return| above which a move is suspicious (default 0.5 = 50 %). */
  readonly jumpThreshold?: number;
}

export interface ValidationResult {
  /** True when the input had no errors (warnings allowed). */
  readonly ok: boolean;
  readonly issues: ValidationIssue[];
  /** The repaired series (repair mode only). */
  readonly repaired?: BarSeries;
  readonly changes: RepairChange[];
}

interface WorkBar {
  index: number;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  adjClose: number;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;
/** Price ratios (old / new) of common splits and reverse splits. */
const SPLIT_RATIOS: readonly [number, string][] = [
  [2, '2:1'],
  [3, '3:1'],
  [1.5, '3:2'],
  [4, '4:1'],
  [5, '5:1'],
  [10, '10:1'],
  [0.5, '1:2'],
  [1 / 3, '1:3'],
  [0.25, '1:4'],
  [0.2, '1:5'],
  [0.1, '1:10'],
];
const SPLIT_TOLERANCE = 0.04;

function nearSplitRatio(priceRatio: number): [number, string] | undefined {
  return SPLIT_RATIOS.find(([r]) => Math.abs(priceRatio / r - 1) <= SPLIT_TOLERANCE);
}

function isDaily(bars: readonly WorkBar[]): boolean {
  return bars.every((b) => !Number.isFinite(b.time) || utcDay(b.time) === b.time);
}

export function validateSeries(series: BarSeries, options: ValidationOptions): ValidationResult {
  const calendar = options.calendar === undefined ? nyseCalendar : options.calendar;
  const threshold = options.jumpThreshold ?? 0.5;
  const repair = options.mode === 'repair';
  const issues: ValidationIssue[] = [];
  const changes: RepairChange[] = [];
  const date = (t: number): string => (Number.isFinite(t) ? toIsoDate(t) : String(t));
  const issue = (bar: WorkBar, field: string, kind: IssueKind, message: string): void => {
    issues.push({
      index: bar.index,
      time: bar.time,
      field,
      kind,
      severity: WARNING_KINDS.has(kind) ? 'warning' : 'error',
      message,
    });
  };
  const change = (
    bar: WorkBar,
    field: string,
    kind: IssueKind,
    action: RepairChange['action'],
    message: string,
    values: Pick<RepairChange, 'before' | 'after'> = {},
  ): void => {
    changes.push({ index: bar.index, time: bar.time, field, kind, action, ...values, message });
  };
  /** Repair mode: sets one of the bar's values and records the change. */
  const setValue = (
    bar: WorkBar,
    field: 'high' | 'low' | 'volume',
    kind: IssueKind,
    after: number,
  ): void => {
    const before = bar[field];
    const message = `${field} ${before} -> ${after} on ${date(bar.time)}`;
    change(bar, field, kind, 'set', message, { before, after });
    bar[field] = after;
  };

  /** A high below (or a low above) another price of its bar; repair moves it there. */
  const inconsistentBound = (
    bar: WorkBar,
    field: 'high' | 'low',
    relation: 'below' | 'above',
    bound: number,
  ): void => {
    const message = `${field} ${bar[field]} is ${relation} ${bound} on ${date(bar.time)}`;
    issue(bar, field, 'ohlc-inconsistent', message);
    if (repair) setValue(bar, field, 'ohlc-inconsistent', bound);
  };

  let bars: WorkBar[] = Array.from({ length: series.length }, (_, i) => ({
    index: i,
    time: series.time[i],
    open: series.open[i],
    high: series.high[i],
    low: series.low[i],
    close: series.close[i],
    volume: series.volume[i],
    adjClose: series.adjClose ? series.adjClose[i] : NaN,
  }));

  // 1. Ordering and duplicates.
  for (let i = 1; i < bars.length; i++) {
    if (bars[i].time < bars[i - 1].time) {
      issue(
        bars[i],
        'time',
        'out-of-order',
        `bar on ${date(bars[i].time)} comes after ${date(bars[i - 1].time)}`,
      );
    }
  }
  if (repair && issues.some((x) => x.kind === 'out-of-order')) {
    bars = [...bars].sort((a, b) => a.time - b.time || a.index - b.index);
    changes.push({
      index: 0,
      time: bars[0].time,
      field: 'time',
      kind: 'out-of-order',
      action: 'sorted',
      message: 'bars sorted by time',
    });
  }
  const seen = new Map<number, WorkBar>();
  const unique: WorkBar[] = [];
  for (const bar of bars) {
    const first = seen.get(bar.time);
    if (first) {
      issue(
        bar,
        'time',
        'duplicate',
        `second bar on ${date(bar.time)} (first is bar ${first.index})`,
      );
      if (repair)
        change(bar, 'time', 'duplicate', 'removed', `removed duplicate bar on ${date(bar.time)}`);
      continue;
    }
    seen.set(bar.time, bar);
    unique.push(bar);
  }
  if (repair) bars = unique;

  // 2. Values: finite and positive prices, sane volume, OHLC consistency, trading days.
  const daily = calendar !== null && isDaily(bars);
  const kept: WorkBar[] = [];
  for (const bar of bars) {
    let drop = false;
    for (const field of PRICE_FIELDS) {
      const value = bar[field];
      if (!Number.isFinite(value)) {
        issue(bar, field, 'not-finite', `${field} is ${value} on ${date(bar.time)}`);
        drop = true;
      } else if (value <= 0) {
        issue(bar, field, 'non-positive', `${field} is ${value} on ${date(bar.time)}`);
        drop = true;
      }
    }
    if (!Number.isFinite(bar.time)) {
      issue(bar, 'time', 'not-finite', `time is ${bar.time}`);
      drop = true;
    }
    if (drop) {
      if (repair)
        change(
          bar,
          'bar',
          'non-positive',
          'removed',
          `removed bar on ${date(bar.time)}: unusable price`,
        );
      if (repair) continue;
    }
    if (!(Number.isFinite(bar.volume) && bar.volume >= 0)) {
      issue(
        bar,
        'volume',
        Number.isFinite(bar.volume) ? 'non-positive' : 'not-finite',
        `volume is ${bar.volume} on ${date(bar.time)}`,
      );
      if (repair) setValue(bar, 'volume', 'non-positive', 0);
    }
    if (!drop) {
      const top = Math.max(bar.open, bar.high, bar.low, bar.close);
      const bottom = Math.min(bar.open, bar.high, bar.low, bar.close);
      if (bar.high < top) inconsistentBound(bar, 'high', 'below', top);
      if (bar.low > bottom) inconsistentBound(bar, 'low', 'above', bottom);
    }
    if (daily && Number.isFinite(bar.time) && !calendar.isTradingDay(bar.time)) {
      issue(
        bar,
        'time',
        'non-trading-day',
        `${date(bar.time)} is not a ${calendar.name} trading day`,
      );
      if (repair) {
        const message = `removed bar on non-trading day ${date(bar.time)}`;
        change(bar, 'time', 'non-trading-day', 'removed', message);
        continue;
      }
    }
    kept.push(bar);
  }
  if (repair) bars = kept;
  // The remaining checks compare neighbours: only meaningful on ordered, usable bars.
  const usable = repair ? bars : orderedUsable(bars);

  // 3. Provider split events: adjust history before each split when the step is still there.
  const splitTimes = new Set<number>();
  for (const split of [...(options.splits ?? [])].sort((a, b) => a.time - b.time)) {
    const k = usable.findIndex((b) => b.time >= split.time);
    if (k <= 0) continue;
    splitTimes.add(usable[k].time);
    const step = usable[k - 1].close / usable[k].open;
    if (Math.abs(step / split.ratio - 1) > 0.25) continue; // already adjusted
    const label = `${split.ratio >= 1 ? `${split.ratio}:1` : `1:${1 / split.ratio}`} split on ${date(split.time)}`;
    issue(usable[k], 'close', 'split-unadjusted', `prices before the ${label} are not adjusted`);
    if (!repair) continue;
    for (let i = 0; i < k; i++) {
      const b = usable[i];
      b.open /= split.ratio;
      b.high /= split.ratio;
      b.low /= split.ratio;
      b.close /= split.ratio;
      b.volume = Math.round(b.volume * split.ratio);
    }
    change(
      usable[k],
      'open,high,low,close,volume',
      'split-unadjusted',
      'adjusted',
      `divided prices of ${k} bars before the ${label} by ${split.ratio}, multiplied volume by ${split.ratio}`,
      { after: split.ratio },
    );
  }

  // 4. Jumps: reversed spikes (bad prints), suspected splits, suspicious moves.
  const spikes = new Set<WorkBar>();
  for (let i = 1; i < usable.length; i++) {
    const prev = usable[i - 1];
    const bar = usable[i];
    if (splitTimes.has(bar.time)) continue;
    const move = bar.close / prev.close - 1;
    const next = usable[i + 1];
    if (
      Math.abs(move) > threshold &&
      next &&
      !splitTimes.has(next.time) &&
      Math.abs(next.close / prev.close - 1) < threshold / 5
    ) {
      issue(
        bar,
        'close',
        'spike',
        `close ${bar.close} on ${date(bar.time)} jumps ${(move * 100).toFixed(0)} % and reverts the next day`,
      );
      spikes.add(bar);
      continue;
    }
    const ratio = nearSplitRatio(prev.close / bar.open);
    if (ratio && Math.abs(move) > 0.25) {
      issue(
        bar,
        'close',
        'split-suspected',
        `price steps by ${ratio[1]} on ${date(bar.time)} with no split event`,
      );
    } else if (Math.abs(move) > threshold) {
      issue(
        bar,
        'close',
        'suspicious-jump',
        `close moves ${(move * 100).toFixed(0)} % on ${date(bar.time)}`,
      );
    }
  }
  if (repair && spikes.size) {
    for (const bar of spikes) {
      const message = `removed reverted spike on ${date(bar.time)}`;
      change(bar, 'close', 'spike', 'removed', message, { before: bar.close });
    }
    bars = bars.filter((b) => !spikes.has(b));
  }

  // 5. Gaps against the calendar (after repair, so removed bars show up as gaps).
  if (daily) {
    const list = repair ? bars : usable;
    for (let i = 1; i < list.length; i++) {
      const missing: number[] = [];
      for (let t = list[i - 1].time + 86_400_000; t < list[i].time; t += 86_400_000) {
        if (calendar.isTradingDay(t)) missing.push(t);
      }
      if (missing.length) {
        const shown =
          missing.slice(0, 3).map(date).join(', ') + (missing.length > 3 ? ', ...' : '');
        issue(
          list[i],
          'time',
          'gap',
          `${missing.length} trading day(s) missing before ${date(list[i].time)}: ${shown}`,
        );
      }
    }
  }

  const ok = !issues.some((x) => x.severity === 'error');
  if (!repair) {
    const first = issues.find((x) => x.severity === 'error');
    if (first) {
      throw new InputError(
        `${series.symbol} bar ${first.index} ${first.field}`,
        fieldValue(series, first),
        `${first.kind}: ${first.message}`,
      );
    }
    return { ok, issues, changes };
  }
  const repaired = barsToSeries(series.symbol, bars, series.adjClose !== null);
  return { ok, issues, repaired, changes };
}

/** In strict mode nothing is changed; neighbour checks skip bars that are out of order or unusable. */
function orderedUsable(bars: readonly WorkBar[]): WorkBar[] {
  const out: WorkBar[] = [];
  for (const bar of bars) {
    if (!PRICE_FIELDS.every((f) => Number.isFinite(bar[f]) && bar[f] > 0)) continue;
    if (out.length && bar.time <= out[out.length - 1].time) continue;
    out.push(bar);
  }
  return out;
}

function fieldValue(series: BarSeries, issue: ValidationIssue): unknown {
  const column = (series as unknown as Record<string, Float64Array | undefined>)[issue.field];
  return column instanceof Float64Array ? column[issue.index] : issue.time;
}
