import type { AiServiceManager } from '../ai/manager.ts';
import { portfolioReviewTask, DEFAULT_PORTFOLIO_RULES } from '../ai/analyses/portfolio-review.ts';
import { signalReviewTask } from '../ai/analyses/signal-review.ts';
import { buildSymbolContext } from '../ai/context.ts';
import { toIsoDate } from '../domain/time.ts';
import type { BarSource } from '../paper/bar-source.ts';
import type { DailyReviewer } from '../paper/service.ts';
import type { SignalReviewer } from './review.ts';

/**
 * The AI layer behind the pipeline's review stage: the signal-review analysis (confirm, veto
 * or adjust) on a point-in-time context (bars up to the decision bar, no news here).
 */
export function aiSignalReviewer(manager: AiServiceManager): SignalReviewer {
  const first = manager.providers[0];
  return {
    name: first ? `${first.name}:${first.model}` : 'ai',
    async review(signal, market) {
      const asOf = toIsoDate(market.series.time[market.index]);
      const context = buildSymbolContext(signal.symbol, asOf, market.series, []);
      const action = signal.action === 'buy' || signal.action === 'cover' ? 'buy' : 'sell';
      const { value } = await manager.run(signalReviewTask, {
        signal: {
          symbol: signal.symbol,
          strategy: signal.strategy,
          action,
          strength: signal.confidence,
          price: signal.price,
          reason: signal.reason,
        },
        context,
      });
      return value;
    },
  };
}

/**
 * The experiment's daily LLM review of the portfolio: the portfolio-review analysis over the
 * holdings. Its proposal is recorded with the run (summary and proposed trades), not traded:
 * trades go through `paper buy|sell` or the strategy, so the pipeline checks them.
 */
export function aiDailyReviewer(manager: AiServiceManager, bars: BarSource): DailyReviewer {
  const first = manager.providers[0];
  return {
    name: first ? `${first.name}:${first.model}` : 'ai',
    async review(input) {
      const asOfMs = Date.parse(`${input.date}T00:00:00Z`);
      const contexts = [];
      for (const p of input.positions) {
        contexts.push(
          buildSymbolContext(p.symbol, input.date, await bars.load(p.symbol, asOfMs), []),
        );
      }
      const { value } = await manager.run(portfolioReviewTask, {
        date: input.date,
        cash: input.cash,
        holdings: input.positions.map((p) => ({
          symbol: p.symbol,
          shares: p.quantity,
          avgCost: p.avgPrice,
          stopLoss: p.stop,
        })),
        universe: input.positions.map((p) => ({ symbol: p.symbol, marketCap: null })),
        contexts,
        rules: DEFAULT_PORTFOLIO_RULES,
      });
      const trades = value.trades
        .map(
          (t) =>
            `${t.action} ${t.shares} ${t.symbol}${t.stopLoss ? ` stop ${t.stopLoss}` : ''} (${t.reason})`,
        )
        .join('; ');
      return { summary: trades ? `${value.summary} Proposed: ${trades}` : value.summary };
    },
  };
}
