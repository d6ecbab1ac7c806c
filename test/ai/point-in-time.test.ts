import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reviewPortfolio, reviewSignal } from '../../src/ai/analyses/point-in-time.ts';
import type { MarketData } from '../../src/ai/analyses/point-in-time.ts';
import { AiServiceManager } from '../../src/ai/manager.ts';
import { OpenAiCompatibleProvider } from '../../src/ai/providers/openai/provider.ts';
import { MemoryCallStore } from '../../src/ai/store/call-store.ts';
import { loadCsvFile } from '../../src/market-data/csv.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { startFakeOpenAi } from './support/fake-openai.ts';
import type { FakeOpenAi } from './support/fake-openai.ts';

/**
 * The point-in-time guard, end to end: whole price histories and news lists go in, and the
 * prompts that reach the model (captured at the fake server, and in the local analyst's
 * archived prompt) carry nothing dated after D.
 */

const D = '2005-06-15';
const END_OF_D = Date.parse(`${D}T00:00:00Z`) + 86_400_000;
let fake: FakeOpenAi;
let data: MarketData;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  const orcl = await loadCsvFile(sharedDataPath('orcl-1995-2014.txt'), { symbol: 'ORCL' });
  data = {
    series: new Map([['ORCL', orcl]]),
    news: new Map([
      [
        'ORCL',
        [
          {
            publishedAt: Date.parse('2005-06-14T15:00:00Z'),
            title: 'PAST-NEWS Oracle wins contract',
            summary: null,
            sentiment: null,
          },
          {
            publishedAt: Date.parse(`${D}T23:59:00Z`),
            title: 'SAME-DAY-NEWS Oracle beats estimates',
            summary: null,
            sentiment: null,
          },
          {
            publishedAt: END_OF_D,
            title: 'FUTURE-NEWS Oracle crashes',
            summary: 'FUTURE-SUMMARY',
            sentiment: -0.9,
          },
          {
            publishedAt: Date.parse('2010-01-01T00:00:00Z'),
            title: 'FUTURE-NEWS far ahead',
            summary: null,
            sentiment: 0.9,
          },
        ],
      ],
    ]),
  };
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

/** Every ISO date (YYYY-MM-DD) that appears in a text. */
const datesIn = (text: string): string[] => text.match(/\b\d{4}-\d{2}-\d{2}\b/g) ?? [];

function assertNothingAfterD(prompt: string): void {
  expect(prompt).not.toContain('FUTURE-');
  const dates = datesIn(prompt);
  expect(dates.length).toBeGreaterThan(0);
  for (const date of dates) expect(date <= D, `${date} is after ${D}`).toBe(true);
}

const signal = {
  symbol: 'ORCL',
  strategy: 'ma-crossover',
  action: 'buy' as const,
  strength: 0.5,
  price: null,
  reason: 'crossed above',
};

describe('point-in-time guard', () => {
  it('a signal review for D sends the model only bars and news dated on or before D', async () => {
    const manager = new AiServiceManager({
      providers: [
        new OpenAiCompatibleProvider({ baseURL: fake.baseUrl, apiKey: 'k', timeoutMs: 2_000 }),
      ],
    });
    const outcome = await reviewSignal(manager, signal, D, data, { lookbackBars: 30 });
    manager.close();
    expect(outcome.meta.provider).toBe('openai');
    expect(fake.requests).toHaveLength(1);
    const prompt = JSON.stringify(fake.requests[0].body.messages);
    assertNothingAfterD(prompt);
    expect(prompt).toContain('SAME-DAY-NEWS');
    expect(prompt).toContain('PAST-NEWS');
    // The last bar in the prompt is D itself: the guard cuts at D, not before it.
    expect(datesIn(prompt).sort().at(-1)).toBe(D);
  });

  it('the local analyst sees the same cut (checked in its archived prompt)', async () => {
    const store = new MemoryCallStore();
    const manager = new AiServiceManager({ providers: [], callStore: store });
    const outcome = await reviewSignal(manager, signal, D, data);
    expect(outcome.meta.provider).toBe('local');
    expect(store.calls).toHaveLength(1);
    assertNothingAfterD(store.calls[0].prompt);
    expect(fake.requests).toHaveLength(0);
  });

  it('a portfolio review for D sends only data on or before D and applies the rules', async () => {
    const manager = new AiServiceManager({
      providers: [
        new OpenAiCompatibleProvider({ baseURL: fake.baseUrl, apiKey: 'k', timeoutMs: 2_000 }),
      ],
    });
    fake.queue({
      kind: 'ok',
      content: JSON.stringify({
        summary: 'Buy Oracle.',
        trades: [
          { action: 'buy', symbol: 'ORCL', shares: 100_000, stopLoss: null, reason: 'momentum' },
        ],
      }),
    });
    const outcome = await reviewPortfolio(
      manager,
      {
        date: D,
        cash: 10_000,
        holdings: [],
        universe: [{ symbol: 'ORCL', marketCap: 100_000_000 }],
      },
      data,
    );
    manager.close();
    assertNothingAfterD(JSON.stringify(fake.requests[0].body.messages));
    // 100,000 shares break the 20% position limit: clipped, with a default stop.
    const trade = outcome.checked.accepted[0];
    expect(trade.shares).toBeLessThan(100_000);
    expect(trade.shares * trade.price).toBeLessThanOrEqual(2_000);
    expect(trade.stopLoss).toBeLessThan(trade.price);
  });
});
