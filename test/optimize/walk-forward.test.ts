import { describe, expect, it } from 'vitest';
import { loadBacktestData } from '../../src/app/backtest-data.ts';
import type { BarSeries } from '../../src/domain/bars.ts';
import { parseIsoDate } from '../../src/domain/time.ts';
import { inlineExecutor } from '../../src/optimize/executors.ts';
import type { SweepSpec } from '../../src/optimize/spec.ts';
import { runSweep } from '../../src/optimize/sweep.ts';
import { sharedDataPath } from '../support/shared-data.ts';

const spec: SweepSpec = {
  strategy: 'ma-crossover',
  data: { kind: 'files', paths: [sharedDataPath('orcl-1995-2014.txt')] },
  from: '2004-01-01',
  to: '2009-12-31',
  grid: ['fast=5..25:5', 'slow=20..80:15'],
  walkForward: { inSample: 252, outOfSample: 126 },
};

/** A copy of the series whose bars from `cutMs` on are replaced by a very different path. */
function scrambleAfter(series: BarSeries, cutMs: number): BarSeries {
  const copy = (a: Float64Array) => Float64Array.from(a);
  const out = {
    ...series,
    open: copy(series.open),
    high: copy(series.high),
    low: copy(series.low),
    close: copy(series.close),
  };
  for (let i = 0; i < series.length; i++) {
    if (series.time[i] < cutMs) continue;
    // A saw-tooth far from the real prices: any look-ahead would change earlier choices.
    const f = 1 + 0.3 * Math.sin(i / 3);
    out.open[i] = series.open[i] * f;
    out.close[i] = series.close[i] * f;
    out.high[i] = Math.max(out.open[i], out.close[i]) * 1.01;
    out.low[i] = Math.min(out.open[i], out.close[i]) * 0.99;
  }
  return out;
}

describe('walk-forward analysis', () => {
  it('chooses each window on in-sample data only and applies it to later bars', async () => {
    const { series } = await loadBacktestData(spec.data, { from: spec.from, to: spec.to });
    const run = await runSweep(spec, series, inlineExecutor(series));
    const wf = run.result.walkForward;
    expect(wf).not.toBeNull();
    const windows = wf?.windows ?? [];
    expect(windows.length).toBeGreaterThanOrEqual(8);
    for (const w of windows) {
      expect(parseIsoDate(w.inSample.end)).toBeLessThan(parseIsoDate(w.outOfSample.start));
    }

    // 1. The choice equals the best of a separate sweep over the in-sample dates alone.
    for (const w of windows.slice(0, 4)) {
      const range = { from: w.inSample.start, to: w.inSample.end };
      const { series: isSeries } = await loadBacktestData(spec.data, range);
      const isRun = await runSweep(
        { ...spec, ...range, walkForward: undefined },
        isSeries,
        inlineExecutor(isSeries),
      );
      expect(isRun.result.best?.params).toEqual(w.params);
      expect(isRun.result.best?.objective).toBe(w.inSampleObjective);
    }

    // 2. Rewriting the future leaves every earlier choice untouched.
    const cutWindow = windows[Math.floor(windows.length / 2)];
    const cutMs = parseIsoDate(cutWindow.outOfSample.start);
    const scrambled = series.map((s) => scrambleAfter(s, cutMs));
    const rerun = await runSweep(spec, scrambled, inlineExecutor(scrambled));
    const after = rerun.result.walkForward?.windows ?? [];
    let compared = 0;
    for (const [k, w] of windows.entries()) {
      if (parseIsoDate(w.inSample.end) >= cutMs) continue;
      expect(after[k].params).toEqual(w.params);
      expect(after[k].inSampleObjective).toBe(w.inSampleObjective);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(4);
    // ...while the scrambled part does change what later windows see.
    expect(JSON.stringify(after.slice(compared + 1))).not.toBe(
      JSON.stringify(windows.slice(compared + 1)),
    );

    // 3. The stitched curve covers exactly the out-of-sample bars, in order.
    const oosBars = windows.reduce((n, w) => n + w.outOfSample.bars, 0);
    expect(wf?.equity.length).toBe(oosBars);
    expect(wf?.equity[0].time).toBe(windows[0].outOfSample.start);
    expect(wf?.equity[0].value).toBe(10_000);
  }, 60_000);
});
