import { z } from 'zod';
import type { SymbolContext } from '../context.ts';
import { lastClose } from '../context.ts';
import type { AnalysisTask } from './task.ts';
import { promptJson, systemMessage } from './task.ts';

/**
 * The daily portfolio review in the style of the ChatGPT micro-cap experiment: the model sees
 * holdings, cash, stop-losses and recent prices and news (point-in-time), and proposes trades as
 * JSON. The proposal is then checked against the stated rules by enforcePortfolioRules: trades
 * that break a rule are clipped (share counts, stop-losses) or rejected with a reason.
 */

export interface Holding {
  readonly symbol: string;
  readonly shares: number;
  readonly avgCost: number;
  readonly stopLoss: number | null;
}

export interface UniverseMember {
  readonly symbol: string;
  /** USD; null when unknown. */
  readonly marketCap: number | null;
}

export interface PortfolioRules {
  /** Largest market cap a buy may have, USD (micro-cap: 300 million). */
  readonly maxMarketCap: number;
  /** Largest position after a buy as a fraction of equity. */
  readonly maxPositionFraction: number;
  readonly maxPositions: number;
  /** A buy's stop-loss must sit at most this fraction below the price (and is clipped to it). */
  readonly maxStopLossFraction: number;
  /** Stop used when a buy names none. */
  readonly defaultStopLossFraction: number;
}

export const DEFAULT_PORTFOLIO_RULES: PortfolioRules = {
  maxMarketCap: 300_000_000,
  maxPositionFraction: 0.2,
  maxPositions: 10,
  maxStopLossFraction: 0.25,
  defaultStopLossFraction: 0.15,
};

export interface PortfolioReviewInput {
  readonly date: string;
  readonly cash: number;
  readonly holdings: readonly Holding[];
  readonly universe: readonly UniverseMember[];
  /** One point-in-time context per symbol in holdings or universe. */
  readonly contexts: readonly SymbolContext[];
  readonly rules: PortfolioRules;
}

export const proposedTradeSchema = z.object({
  action: z.enum(['buy', 'sell']),
  symbol: z.string().min(1),
  shares: z.number().int().positive(),
  stopLoss: z.number().positive().nullable(),
  reason: z.string(),
});

export const portfolioProposalSchema = z.object({
  summary: z.string(),
  trades: z.array(proposedTradeSchema),
});

export type ProposedTrade = z.infer<typeof proposedTradeSchema>;
export type PortfolioProposal = z.infer<typeof portfolioProposalSchema>;

export const portfolioReviewTask: AnalysisTask<PortfolioReviewInput, PortfolioProposal> = {
  id: 'portfolio-review',
  version: '1',
  schemaName: 'portfolio_proposal',
  schema: portfolioProposalSchema,
  render(input) {
    const r = input.rules;
    return [
      systemMessage('a portfolio manager of a small micro-cap portfolio'),
      {
        role: 'user',
        content:
          `Today is ${input.date}. Review the portfolio and propose trades for the next open. ` +
          `Rules: only US micro-caps (market cap under ${r.maxMarketCap}) from the universe ` +
          `given; whole shares; no position above ${r.maxPositionFraction * 100}% of equity; at ` +
          `most ${r.maxPositions} positions; every buy carries a stop-loss at most ` +
          `${r.maxStopLossFraction * 100}% below the price; sell only shares held; never spend ` +
          'more than the cash. Propose no trade when nothing is compelling.\n\n' +
          promptJson(input),
      },
    ];
  },
};

export interface CheckedTrade extends ProposedTrade {
  readonly price: number;
  /** What was changed to fit the rules (empty when accepted as proposed). */
  readonly adjustments: readonly string[];
}

export interface RejectedTrade {
  readonly trade: ProposedTrade;
  readonly reason: string;
}

export interface CheckedProposal {
  readonly summary: string;
  readonly accepted: readonly CheckedTrade[];
  readonly rejected: readonly RejectedTrade[];
}

const roundCents = (x: number): number => Math.round(x * 100) / 100;

/** Checks a proposal against the rules: sells first (they free cash), then buys in order. */
export function enforcePortfolioRules(
  proposal: PortfolioProposal,
  input: PortfolioReviewInput,
): CheckedProposal {
  const rules = input.rules;
  const prices = new Map<string, number>();
  for (const context of input.contexts) {
    const close = lastClose(context);
    if (close !== null && close > 0) prices.set(context.symbol, close);
  }
  const held = new Map(input.holdings.map((h) => [h.symbol, h.shares]));
  const universe = new Map(input.universe.map((m) => [m.symbol, m]));
  let equity = input.cash;
  for (const h of input.holdings) equity += h.shares * (prices.get(h.symbol) ?? h.avgCost);

  const accepted: CheckedTrade[] = [];
  const rejected: RejectedTrade[] = [];
  let cash = input.cash;
  const ordered = [
    ...proposal.trades.filter((t) => t.action === 'sell'),
    ...proposal.trades.filter((t) => t.action === 'buy'),
  ];
  for (const trade of ordered) {
    const price = prices.get(trade.symbol);
    if (price === undefined) {
      rejected.push({ trade, reason: `no price for ${trade.symbol} on or before ${input.date}` });
      continue;
    }
    const adjustments: string[] = [];
    if (trade.action === 'sell') {
      const shares = held.get(trade.symbol) ?? 0;
      if (shares <= 0) {
        rejected.push({ trade, reason: `${trade.symbol} is not held` });
        continue;
      }
      let quantity = trade.shares;
      if (quantity > shares) {
        adjustments.push(`shares clipped from ${quantity} to the ${shares} held`);
        quantity = shares;
      }
      held.set(trade.symbol, shares - quantity);
      cash += quantity * price;
      accepted.push({ ...trade, shares: quantity, stopLoss: null, price, adjustments });
      continue;
    }
    const member = universe.get(trade.symbol);
    if (!member && !held.has(trade.symbol)) {
      rejected.push({ trade, reason: `${trade.symbol} is not in the universe` });
      continue;
    }
    if (member?.marketCap != null && member.marketCap > rules.maxMarketCap) {
      rejected.push({
        trade,
        reason: `${trade.symbol} market cap ${member.marketCap} is above the micro-cap limit ${rules.maxMarketCap}`,
      });
      continue;
    }
    const currentShares = held.get(trade.symbol) ?? 0;
    const openPositions = [...held.values()].filter((s) => s > 0).length;
    if (currentShares === 0 && openPositions >= rules.maxPositions) {
      rejected.push({ trade, reason: `already at the limit of ${rules.maxPositions} positions` });
      continue;
    }
    let stopLoss = trade.stopLoss;
    const lowestStop = roundCents(price * (1 - rules.maxStopLossFraction));
    if (stopLoss === null) {
      stopLoss = roundCents(price * (1 - rules.defaultStopLossFraction));
      adjustments.push(`stop-loss set to ${stopLoss} (none given)`);
    } else if (stopLoss >= price) {
      rejected.push({ trade, reason: `stop-loss ${stopLoss} is not below the price ${price}` });
      continue;
    } else if (stopLoss < lowestStop) {
      adjustments.push(`stop-loss raised from ${stopLoss} to ${lowestStop}`);
      stopLoss = lowestStop;
    }
    const maxValue = rules.maxPositionFraction * equity - currentShares * price;
    let quantity = trade.shares;
    const byPosition = Math.max(0, Math.floor(maxValue / price));
    if (quantity > byPosition) {
      adjustments.push(`shares clipped from ${quantity} to ${byPosition} (position limit)`);
      quantity = byPosition;
    }
    const byCash = Math.max(0, Math.floor(cash / price));
    if (quantity > byCash) {
      adjustments.push(`shares clipped from ${quantity} to ${byCash} (cash)`);
      quantity = byCash;
    }
    if (quantity === 0) {
      rejected.push({ trade, reason: 'no whole share fits the position limit and cash' });
      continue;
    }
    cash -= quantity * price;
    held.set(trade.symbol, currentShares + quantity);
    accepted.push({ ...trade, shares: quantity, stopLoss, price, adjustments });
  }
  return { summary: proposal.summary, accepted, rejected };
}
