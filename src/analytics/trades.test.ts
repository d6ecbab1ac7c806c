import { describe, expect, it } from 'vitest';
import type { Trade } from '../domain/trading.ts';
import { tradeStats } from './trades.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);

function makeTrade(
  pnl: number,
  returnPct: number,
  barsHeld: number,
  extra: Partial<Trade> = {},
): Trade {
  return {
    symbol: 'TEST',
    side: 'long',
    entryTime: T0,
    entryPrice: 10,
    exitTime: T0 + barsHeld * DAY,
    exitPrice: 10 * (1 + returnPct),
    quantity: 100,
    pnl,
    returnPct,
    commission: 1,
    slippage: 0.5,
    spread: 0.25,
    barsHeld,
    entryReason: 'test',
    exitReason: 'test',
    ...extra,
  };
}

// pnl [100, -50, 30, -20, 0]; returnPct [0.1, -0.05, 0.03, -0.02, 0]; bars [5, 3, 2, 4, 1]
const TRADES = [
  makeTrade(100, 0.1, 5),
  makeTrade(-50, -0.05, 3),
  makeTrade(30, 0.03, 2),
  makeTrade(-20, -0.02, 4),
  makeTrade(0, 0, 1),
];

describe('tradeStats', () => {
  const s = tradeStats(TRADES);

  it('counts winners (pnl > 0) and losers (pnl < 0); break-even is neither', () => {
    expect(s.trades).toBe(5);
    expect(s.winningTrades).toBe(2);
    expect(s.losingTrades).toBe(2);
    expect(s.winRate).toBeCloseTo(2 / 5, 15);
  });

  it('profit factor = gross profit / gross loss', () => {
    expect(s.grossProfit).toBe(130);
    expect(s.grossLoss).toBe(70);
    expect(s.profitFactor).toBeCloseTo(130 / 70, 14); // 1.857143
  });

  it('expectancy in currency and in mean returnPct', () => {
    expect(s.expectancy).toBeCloseTo(60 / 5, 14); // 12 per trade
    expect(s.avgTradeReturn).toBeCloseTo(0.06 / 5, 15); // 0.012
    expect(s.avgWinningTrade).toBeCloseTo((0.1 + 0.03) / 2, 15);
    expect(s.avgLosingTrade).toBeCloseTo((-0.05 - 0.02) / 2, 15);
  });

  it('best / worst trade and average duration in bars and days', () => {
    expect(s.bestTrade).toBe(0.1);
    expect(s.worstTrade).toBe(-0.05);
    expect(s.avgTradeDuration).toBe(15 / 5); // (5 + 3 + 2 + 4 + 1) / 5
    expect(s.avgTradeDurationDays).toBe(3);
  });

  it('SQN = sqrt(N) x mean(R) / sample stdev(R)', () => {
    // deviations from 0.012: 0.088, -0.062, 0.018, -0.032, -0.012
    // squares: 0.007744 + 0.003844 + 0.000324 + 0.001024 + 0.000144 = 0.01308; / 4 = 0.00327
    expect(s.sqn).toBeCloseTo((Math.sqrt(5) * 0.012) / Math.sqrt(0.00327), 12); // 0.469237
  });

  it('Kelly = W - (1 - W) / R with R = mean win / |mean loss| in pnl', () => {
    // W = 0.4; mean win 130 / 2 = 65; mean loss 70 / 2 = 35; R = 65 / 35
    expect(s.kelly).toBeCloseTo(0.4 - 0.6 / (65 / 35), 14); // 0.076923
  });

  it('sums costs and traded value', () => {
    expect(s.tradeCosts).toBeCloseTo(5 * (1 + 0.5 + 0.25), 12);
    // each trade: 100 shares x (10 + exit); exits 11, 9.5, 10.3, 9.8, 10
    expect(s.tradedValue).toBeCloseTo(100 * (5 * 10 + 11 + 9.5 + 10.3 + 9.8 + 10), 9);
  });

  it('leaves profit factor and Kelly undefined when every trade wins', () => {
    const winners = tradeStats([makeTrade(10, 0.01, 1), makeTrade(20, 0.02, 2)]);
    expect(winners.winRate).toBe(1);
    expect(winners.profitFactor).toBeNaN();
    expect(winners.kelly).toBeNaN();
    expect(winners.sqn).toBeCloseTo((Math.sqrt(2) * 0.015) / Math.sqrt(0.00005), 12);
  });

  it('gives profit factor 0 when every trade loses', () => {
    expect(tradeStats([makeTrade(-10, -0.01, 1)]).profitFactor).toBe(0);
  });

  it('is undefined (NaN) everywhere but the counts without trades', () => {
    const none = tradeStats([]);
    expect(none.trades).toBe(0);
    for (const key of [
      'winRate',
      'profitFactor',
      'expectancy',
      'bestTrade',
      'sqn',
      'kelly',
    ] as const) {
      expect(none[key]).toBeNaN();
    }
    expect(none.tradeCosts).toBe(0);
  });
});
