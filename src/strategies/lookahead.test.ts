import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { createBarSeries, type BarSeries } from '../domain/bars.ts';
import { createRandom } from '../domain/random.ts';
import { loadCsvFile } from '../market-data/csv.ts';
import { parseParamValues } from './params.ts';
import { listStrategies } from './registry.ts';
import { replayStrategy, type ReplayResult } from './testing/driver.ts';
import type { Intent, Strategy } from './types.ts';

/**
 * The look-ahead contract: what a strategy says on bars 0..t must not change when every bar
 * after t is replaced. Run on a real file, for every registered strategy, with its defaults
 * (long only) and a second parameter set (shorts allowed).
 */

const SECOND_PARAMS: Record<string, Record<string, string | number | boolean>[]> = {
  'ma-crossover': [{ type: 'ema', fast: 5, slow: 20 }],
  rsi: [{ period: 7, oversold: 25, overbought: 75 }],
  macd: [{ fast: 8, slow: 21, signal: 5, zeroLine: true, minHistogramPct: 0.1 }],
  bollinger: [{ mode: 'breakout', period: 15, k: 1.5 }],
  turtle: [{ skipAfterWinner: true }, { system: '2', maxUnits: 3 }],
  'four-week-rule': [{ entryPeriod: 10, exitPeriod: 5 }],
  'support-resistance': [
    { left: 5, right: 2, entries: 'bounce', tolerancePct: 2, stopPct: 3 },
    { entries: 'breakout', targetResistance: false },
  ],
  'pivot-point': [
    { method: 'woodie', period: 'month', trigger: 'r1', target: false },
    { method: 'camarilla', period: 'day' },
    { method: 'fibonacci', period: 'week' },
  ],
  breakout: [{ filter: 'distance', atrMultiple: 0.2, period: 10 }],
  'volume-breakout': [{ stopType: 'percent', volumeMultiple: 1.5 }],
};

const CUTS = [250, 1200, 2500, 3700, 4900];

/** A copy of `bars` whose bars after `cut` are a fresh random walk (valid OHLCV, same times). */
function scrambleAfter(bars: BarSeries, cut: number, seed: number): BarSeries {
  const random = createRandom(seed);
  const open = Float64Array.from(bars.open);
  const high = Float64Array.from(bars.high);
  const low = Float64Array.from(bars.low);
  const close = Float64Array.from(bars.close);
  const volume = Float64Array.from(bars.volume);
  let last = close[cut];
  for (let i = cut + 1; i < bars.length; i++) {
    const o = last * (1 + random.between(-0.03, 0.03));
    const c = o * (1 + random.between(-0.06, 0.06));
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + random.between(0, 0.03));
    low[i] = Math.min(o, c) * (1 - random.between(0, 0.03));
    volume[i] = Math.round(bars.volume[cut] * random.between(0.1, 6));
    last = c;
  }
  return createBarSeries(bars.symbol, { time: bars.time, open, high, low, close, volume });
}

function kinds(result: ReplayResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const list of result.intents) {
    for (const intent of list) counts[intent.kind] = (counts[intent.kind] ?? 0) + 1;
  }
  return counts;
}

const stringify = (intents: Intent[][]) => JSON.stringify(intents);

let orcl: BarSeries;
beforeAll(async () => {
  orcl = await loadCsvFile(sharedDataPath('orcl-1995-2014.txt'));
});

const cases = listStrategies().flatMap((definition) => [
  { definition, raw: {}, allowShort: false, label: 'defaults, long only' },
  ...(SECOND_PARAMS[definition.id] ?? []).map((raw) => ({
    definition,
    raw,
    allowShort: true,
    label: `${JSON.stringify(raw)}, shorts allowed`,
  })),
]);

describe('look-ahead contract', () => {
  it('has a second parameter set for every registered strategy', () => {
    for (const definition of listStrategies()) expect(SECOND_PARAMS[definition.id]).toBeDefined();
  });

  describe.each(cases)('$definition.id ($label)', ({ definition, raw, allowShort }) => {
    const params = parseParamValues(definition, raw);
    const run = (bars: BarSeries) =>
      replayStrategy(definition.create(params), bars, { allowShort });

    it('trades on the real file (the test is not vacuous)', () => {
      const counts = kinds(run(orcl));
      expect(counts.enter ?? 0).toBeGreaterThan(3);
      expect((counts.exit ?? 0) + (counts.stop ?? 0) + (counts.enter ?? 0)).toBeGreaterThan(6);
    });

    it('decides the same on bars <= t whatever comes after t', () => {
      const full = run(orcl);
      let changedAfterCut = 0;
      CUTS.forEach((cut, n) => {
        const altered = run(scrambleAfter(orcl, cut, 1000 + n));
        expect(stringify(altered.intents.slice(0, cut + 1))).toBe(
          stringify(full.intents.slice(0, cut + 1)),
        );
        if (stringify(altered.intents) !== stringify(full.intents)) changedAfterCut++;
      });
      // The replaced bars did reach the strategy: later decisions differ for most cuts.
      expect(changedAfterCut).toBeGreaterThanOrEqual(3);
    });

    it('resets its state in init (same instance, same answers)', () => {
      const strategy = definition.create(params);
      const first = replayStrategy(strategy, orcl, { allowShort });
      replayStrategy(strategy, scrambleAfter(orcl, 2000, 7), { allowShort });
      const again = replayStrategy(strategy, orcl, { allowShort });
      expect(stringify(again.intents)).toBe(stringify(first.intents));
    });
  });

  it('catches a strategy that peeks at the next bar (the check has teeth)', () => {
    let bars: BarSeries | null = null;
    const cheat: Strategy = {
      init: (series) => {
        bars = series;
      },
      onBar: (ctx) => {
        // The look-ahead is in the decision: buy when tomorrow closes higher.
        const next = bars ? bars.close[ctx.index + 1] : NaN;
        const up = next > ctx.bars.close[ctx.index];
        return up ? { kind: 'enter', side: 'long', reason: 'tomorrow is up' } : null;
      },
    };
    const full = replayStrategy(cheat, orcl);
    // At each cut the scrambled next close flips the decision about half the time.
    const caught = CUTS.filter((cut, n) => {
      const altered = replayStrategy(cheat, scrambleAfter(orcl, cut, 99 + n));
      return (
        stringify(altered.intents.slice(0, cut + 1)) !== stringify(full.intents.slice(0, cut + 1))
      );
    });
    expect(caught.length).toBeGreaterThan(0);
  });

  it('exercises the Turtle pyramid and stop moves on the real file', () => {
    const turtle = listStrategies().find((d) => d.id === 'turtle');
    if (!turtle) throw new Error('turtle is not registered');
    const result = replayStrategy(turtle.create(parseParamValues(turtle, {})), orcl);
    const counts = kinds(result);
    const adds = result.intents.flat().filter((i) => i.reason.startsWith('add unit')).length;
    expect(adds).toBeGreaterThan(0);
    expect(counts.stop ?? 0).toBeGreaterThan(0);
  });

  it('takes short trades when shorts are allowed', () => {
    const ids = new Set<string>();
    for (const { definition, raw, allowShort } of cases.filter((c) => c.allowShort)) {
      const result = replayStrategy(definition.create(parseParamValues(definition, raw)), orcl, {
        allowShort,
      });
      if (result.positions.some((p) => p < 0)) ids.add(definition.id);
    }
    for (const id of [
      'ma-crossover',
      'rsi',
      'macd',
      'bollinger',
      'turtle',
      'four-week-rule',
      'breakout',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});
