import { averageTrueRange } from '../backtest/trailing-stats.ts';
import type { SizingRule } from '../backtest/sizing.ts';
import type { BarSeries } from '../domain/bars.ts';
import type { Intent } from '../strategies/types.ts';
import type { Signal, SignalAction } from './types.ts';

export interface GenerationContext {
  readonly symbol: string;
  readonly strategy: string;
  readonly series: BarSeries;
  /** Bar index of the decision. */
  readonly index: number;
  /** Signed shares held at the close. */
  readonly position: number;
  readonly equity: number;
  readonly buyingPower: number;
  readonly sizing: SizingRule;
  readonly baseConfidence: number;
}

/**
 * Signal generation: turns a strategy's intents on one bar into signals. Entries become
 * buy/short, exits sell/cover. Stop moves and cancels are
 * order maintenance, not trade decisions: they are returned apart and applied as they are.
 */
export function signalsFromIntents(
  result: Intent | readonly Intent[],
  context: GenerationContext,
): { signals: Signal[]; maintenance: Intent[] } {
  const intents: readonly Intent[] = Array.isArray(result) ? result : [result as Intent];
  const signals: Signal[] = [];
  const maintenance: Intent[] = [];
  const price = context.series.close[context.index];
  const time = context.series.time[context.index];
  for (const intent of intents) {
    if (intent.kind === 'stop' || intent.kind === 'cancel') {
      maintenance.push(intent);
      continue;
    }
    let action: SignalAction;
    let quantity: number | null;
    let stopLoss: number | null = null;
    if (intent.kind === 'enter') {
      action = intent.side === 'long' ? 'buy' : 'short';
      quantity = intent.quantity ?? estimateShares(context, price, intent.riskPerShare);
      if (intent.stopLoss !== undefined) stopLoss = intent.stopLoss;
      else if (intent.trailingStop) {
        const t = intent.trailingStop;
        const sign = action === 'buy' ? -1 : 1;
        stopLoss =
          'percent' in t ? price * (1 + (sign * t.percent) / 100) : price + sign * t.amount;
      }
    } else {
      // Flat: nothing to close; the exit still cancels working entries, as in the backtest.
      if (context.position === 0) {
        maintenance.push(intent);
        continue;
      }
      action = context.position > 0 ? 'sell' : 'cover';
      quantity = Math.abs(context.position);
    }
    signals.push({
      symbol: context.symbol,
      strategy: context.strategy,
      time,
      action,
      price,
      quantity,
      stopLoss,
      confidence: context.baseConfidence,
      reason: intent.reason,
      intent,
    });
  }
  return { signals, maintenance };
}

const RISK_ATR_WINDOW = 20;

/** Shares the sizing rule would buy at `price` (the fill re-sizes at the next open). */
export function estimateShares(
  context: GenerationContext,
  price: number,
  riskPerShare: number | undefined,
): number {
  if (!(price > 0)) return 0;
  const rule = context.sizing;
  switch (rule.kind) {
    case 'shares':
      return rule.shares;
    case 'all-in':
      return Math.max(0, Math.floor(context.buyingPower / price));
    case 'percent':
      return Math.max(0, Math.floor((context.equity * rule.percent) / 100 / price));
    case 'risk': {
      const risk =
        riskPerShare !== undefined && riskPerShare > 0
          ? riskPerShare
          : averageTrueRange(context.series, context.index + 1, RISK_ATR_WINDOW);
      return risk > 0 ? Math.max(0, Math.floor((context.equity * rule.percent) / 100 / risk)) : 0;
    }
  }
}
