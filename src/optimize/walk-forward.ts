import type { TimeWindow } from './evaluate.ts';
import type { WalkForwardSpec } from './spec.ts';

/** One walk-forward step: optimise on [isStart, isEnd], then trade [oosStart, oosEnd]. */
export interface WalkForwardWindow {
  readonly index: number;
  /** Calendar indexes (inclusive). isEnd + 1 === oosStart: out of sample is strictly later. */
  readonly isStart: number;
  readonly isEnd: number;
  readonly oosStart: number;
  readonly oosEnd: number;
}

/**
 * Cuts a calendar of `bars` steps into walk-forward windows. Rolling: each in-sample window is
 * the `inSample` bars before its out-of-sample window; anchored: it starts at bar 0 and grows.
 * Out-of-sample windows are consecutive and do not overlap; the last may be shorter (at least
 * 2 bars, else it is dropped).
 */
export function walkForwardWindows(bars: number, spec: WalkForwardSpec): WalkForwardWindow[] {
  const windows: WalkForwardWindow[] = [];
  for (let oosStart = spec.inSample; oosStart + 1 < bars; oosStart += spec.outOfSample) {
    const oosEnd = Math.min(bars - 1, oosStart + spec.outOfSample - 1);
    windows.push({
      index: windows.length,
      isStart: spec.anchored ? 0 : oosStart - spec.inSample,
      isEnd: oosStart - 1,
      oosStart,
      oosEnd,
    });
  }
  return windows;
}

/** The in-sample time window: bars of the window only, trading throughout. */
export function inSampleWindow(w: WalkForwardWindow, calendar: Float64Array): TimeWindow {
  return { from: calendar[w.isStart], to: calendar[w.isEnd], tradeFrom: calendar[w.isStart] };
}

/**
 * The out-of-sample time window: the in-sample bars warm the indicators up (earlier data, so
 * no look-ahead), trading starts at the first out-of-sample bar, and the run ends at the last.
 */
export function outOfSampleWindow(w: WalkForwardWindow, calendar: Float64Array): TimeWindow {
  return { from: calendar[w.isStart], to: calendar[w.oosEnd], tradeFrom: calendar[w.oosStart] };
}

/**
 * Chains per-window equity curves into one: each window starts fresh with its own capital, so
 * the stitched curve multiplies the windows' growth factors (value_t = start x prod growth).
 */
export function stitchEquity(
  segments: readonly { readonly times: ArrayLike<number>; readonly equity: ArrayLike<number> }[],
  initialCapital: number,
): { times: number[]; values: number[] } {
  const times: number[] = [];
  const values: number[] = [];
  let level = initialCapital;
  for (const segment of segments) {
    const n = segment.equity.length;
    if (n === 0) continue;
    const base = segment.equity[0];
    for (let i = 0; i < n; i++) {
      times.push(segment.times[i]);
      values.push(base > 0 ? level * (segment.equity[i] / base) : level);
    }
    level = values[values.length - 1];
  }
  return { times, values };
}
