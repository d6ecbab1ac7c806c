import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBarSeries, type BarSeries } from '../../src/domain/bars.ts';
import { parseIsoDate } from '../../src/domain/time.ts';
import { nextTradingDay } from '../../src/market-data/calendar.ts';
import { paperDb } from '../../src/signals/db-schema.ts';
import { parsePipelineSettings, type PipelineSettings } from '../../src/signals/limits.ts';
import { runSignalPipeline } from '../../src/signals/pipeline.ts';
import { scriptedReviewer, type SignalReviewer } from '../../src/signals/review.ts';
import { listSignals, saveDecisions } from '../../src/signals/signal-store.ts';
import type { PortfolioView, Signal } from '../../src/signals/types.ts';
import type { Store } from '../../src/store/database.ts';
import { tempStore } from '../paper/helpers.ts';

/** 30 NYSE trading days from 2024-01-02: close 10 in a 9.5-10.5 range. */
function series(symbol = 'MICRO', volume = 100_000, last: Partial<Record<string, number>> = {}) {
  const time: number[] = [];
  let t = parseIsoDate('2024-01-02');
  for (let i = 0; i < 30; i++) {
    time.push(t);
    t = nextTradingDay(t);
  }
  const n = time.length;
  const col = (v: number, key: string) =>
    time.map((_, i) => (i === n - 1 && last[key] !== undefined ? (last[key] as number) : v));
  return createBarSeries(symbol, {
    time,
    open: col(10, 'open'),
    high: col(10.5, 'high'),
    low: col(9.5, 'low'),
    close: col(10, 'close'),
    volume: col(volume, 'volume'),
  });
}

const BASE = series();
const LAST = BASE.length - 1;

function signal(over: Partial<Signal> = {}, bars: BarSeries = BASE): Signal {
  return {
    symbol: bars.symbol,
    strategy: 'test',
    time: bars.time[bars.length - 1],
    action: 'buy',
    price: 10,
    quantity: 100,
    stopLoss: 9.5,
    confidence: 0.6,
    reason: 'test entry',
    intent: { kind: 'enter', side: 'long', reason: 'test entry', stopLoss: 9.5 },
    ...over,
  };
}

const PORTFOLIO: PortfolioView = {
  equity: 100_000,
  buyingPower: 100_000,
  positions: [],
  pendingEntries: 0,
  previousEquity: 100_000,
};

const held = (symbol: string, quantity: number, price = 10) => ({ symbol, quantity, price });

let store: Store;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ store, dispose } = await tempStore());
});
afterAll(async () => dispose());

/** Runs one signal through the pipeline, stores the decision and reads it back. */
async function storedDecision(
  sig: Signal,
  options: {
    portfolio?: PortfolioView;
    bars?: BarSeries;
    asOf?: number;
    settings?: PipelineSettings;
    reviewer?: SignalReviewer;
  } = {},
) {
  const bars = options.bars ?? BASE;
  const [decision] = await runSignalPipeline(
    [
      {
        signal: sig,
        market: {
          series: bars,
          index: bars.length - 1,
          asOf: options.asOf ?? bars.time[bars.length - 1],
        },
      },
    ],
    options.portfolio ?? PORTFOLIO,
    { settings: options.settings ?? parsePipelineSettings({}), reviewer: options.reviewer ?? null },
  );
  const portfolioId = `p-${Math.random().toString(36).slice(2)}`;
  await saveDecisions(paperDb(store), [decision], portfolioId);
  const [row] = await listSignals(paperDb(store), { portfolioId });
  return row;
}

describe('the signal pipeline stores every rejection with its stage and reason', () => {
  it('accepts the baseline signal (so each case below fails on its own rule only)', async () => {
    const row = await storedDecision(signal());
    expect(row).toMatchObject({ status: 'accepted', stage: 'final', confidence: 0.6 });
  });

  const riskCases: [string, () => ReturnType<typeof storedDecision>, string][] = [
    [
      'min-price',
      () => storedDecision(signal({ price: 0.5, stopLoss: 0.4 })),
      'below the minimum 1.00',
    ],
    ['mandatory-stop', () => storedDecision(signal({ stopLoss: null })), 'protective stop'],
    [
      'daily-loss-limit',
      () => storedDecision(signal(), { portfolio: { ...PORTFOLIO, equity: 94_000 } }),
      'equity fell 6.0% today',
    ],
    [
      'max-positions',
      () =>
        storedDecision(signal(), {
          portfolio: {
            ...PORTFOLIO,
            positions: Array.from({ length: 9 }, (_, k) => held(`H${k}`, 10)),
            pendingEntries: 1,
          },
        }),
      '10 positions open or pending (limit 10)',
    ],
    [
      'position-size',
      () => storedDecision(signal({ quantity: 3000 })),
      '30.0% of equity (limit 25.0%)',
    ],
    [
      'concentration',
      () =>
        storedDecision(signal({ quantity: 1000 }), {
          portfolio: { ...PORTFOLIO, positions: [held('MICRO', 3000)] },
        }),
      'MICRO would be 40.0% of equity (limit 35.0%)',
    ],
    [
      'exposure',
      () =>
        storedDecision(signal({ quantity: 500 }), {
          portfolio: {
            ...PORTFOLIO,
            positions: ['A', 'B', 'C', 'D'].map((s) => held(s, 2400)),
          },
        }),
      'gross exposure would be 101.0% of equity',
    ],
    [
      'risk-per-trade',
      () => storedDecision(signal({ quantity: 1000, stopLoss: 5 })),
      '5000.00 at risk to the stop is 5.0% of equity (limit 2.0%)',
    ],
    [
      'liquidity',
      () => storedDecision(signal({}, series('THIN', 1000)), { bars: series('THIN', 1000) }),
      '100 shares is 10.0% of the 20-day average volume 1000 (limit 5.0%)',
    ],
  ];
  for (const [rule, run, reason] of riskCases) {
    it(`risk rule ${rule}`, async () => {
      const row = await run();
      expect(row.status).toBe('rejected');
      expect(row.stage).toBe('risk');
      expect(row.details).toMatchObject({ rule });
      expect(row.reason).toContain(reason);
    });
  }

  it('exits pass the risk stage even when every limit is exceeded', async () => {
    const row = await storedDecision(
      signal({
        action: 'sell',
        quantity: 10_000,
        stopLoss: null,
        intent: { kind: 'exit', reason: 'x' },
      }),
      { portfolio: { ...PORTFOLIO, equity: 50_000 } },
    );
    expect(row).toMatchObject({ status: 'accepted', stage: 'final' });
  });

  const weekend = createBarSeries('WKND', {
    time: [parseIsoDate('2024-01-05'), parseIsoDate('2024-01-06')],
    open: [10, 10],
    high: [10.5, 10.5],
    low: [9.5, 9.5],
    close: [10, 10],
    volume: [1e5, 1e5],
  });
  const validationCases: [string, () => ReturnType<typeof storedDecision>, string][] = [
    [
      'fresh-data',
      () => storedDecision(signal(), { asOf: BASE.time[LAST] + 9 * 86_400_000 }),
      'is 9 days old (limit 5)',
    ],
    [
      'trading-day',
      () => storedDecision(signal({}, weekend), { bars: weekend }),
      '2024-01-06 is not an NYSE trading day',
    ],
    [
      'tradable-symbol',
      () => {
        const s = series('HALT', 100_000, { volume: 0 });
        return storedDecision(signal({}, s), { bars: s });
      },
      'did not trade',
    ],
    [
      'sane-price',
      () => {
        const s = series('JUMP', 100_000, { open: 60, high: 61, low: 59, close: 60 });
        return storedDecision(signal({}, s), { bars: s });
      },
      'close moved 500% in a day',
    ],
  ];
  for (const [rule, run, reason] of validationCases) {
    it(`validation rule ${rule}`, async () => {
      const row = await run();
      expect(row).toMatchObject({ status: 'rejected', stage: 'validation' });
      expect(row.details).toMatchObject({ rule });
      expect(row.reason).toContain(reason);
    });
  }

  it('the AI stage can veto (stage review, confidence 0)', async () => {
    const settings = parsePipelineSettings({ aiReview: true });
    const reviewer = scriptedReviewer(
      { MICRO: { decision: 'veto', confidenceChange: 0, rationale: 'dilution filed yesterday' } },
      'test-model',
    );
    const row = await storedDecision(signal(), { settings, reviewer });
    expect(row).toMatchObject({ status: 'rejected', stage: 'review', confidence: 0 });
    expect(row.details).toMatchObject({ rule: 'ai-veto', review: { reviewer: 'test-model' } });
    expect(row.reason).toContain('dilution filed yesterday');
  });

  it('an AI adjustment below the minimum confidence rejects; above it, the new confidence is stored', async () => {
    const settings = parsePipelineSettings({ aiReview: true });
    const lower = scriptedReviewer({
      MICRO: { decision: 'adjust', confidenceChange: -0.3, rationale: 'weak' },
    });
    const low = await storedDecision(signal(), { settings, reviewer: lower });
    expect(low).toMatchObject({ status: 'rejected', stage: 'review' });
    expect(low.details).toMatchObject({ rule: 'min-confidence' });
    expect(low.confidence).toBeCloseTo(0.3, 10);
    const raise = scriptedReviewer({
      MICRO: { decision: 'adjust', confidenceChange: 0.25, rationale: 'strong' },
    });
    const high = await storedDecision(signal(), { settings, reviewer: raise });
    expect(high).toMatchObject({ status: 'accepted', stage: 'final' });
    expect(high.confidence).toBeCloseTo(0.85, 10);
  });

  it('a failing reviewer does not block the signal (the AI step is optional) and is recorded', async () => {
    const settings = parsePipelineSettings({ aiReview: true });
    const broken: SignalReviewer = {
      name: 'down',
      review: () => Promise.reject(new Error('connection refused')),
    };
    const row = await storedDecision(signal(), { settings, reviewer: broken });
    expect(row.status).toBe('accepted');
    expect(JSON.stringify(row.details)).toContain('review unavailable (connection refused)');
  });

  it('two entries compete for the last position slot: the second is rejected', async () => {
    const decisions = await runSignalPipeline(
      [
        {
          signal: signal({ symbol: 'A' }),
          market: { series: BASE, index: LAST, asOf: BASE.time[LAST] },
        },
        {
          signal: signal({ symbol: 'B' }),
          market: { series: BASE, index: LAST, asOf: BASE.time[LAST] },
        },
      ],
      { ...PORTFOLIO, positions: Array.from({ length: 9 }, (_, k) => held(`H${k}`, 10)) },
      { settings: parsePipelineSettings({}) },
    );
    expect(decisions.map((d) => [d.status, d.rule])).toEqual([
      ['accepted', null],
      ['rejected', 'max-positions'],
    ]);
  });
});
