import type { Headline, SymbolContext } from '../../context.ts';
import { lastClose } from '../../context.ts';
import type { NewsSentimentInput, NewsSentimentOutput } from '../../analyses/news-sentiment.ts';
import type {
  PortfolioProposal,
  PortfolioReviewInput,
  ProposedTrade,
} from '../../analyses/portfolio-review.ts';
import type { SignalReview, SignalReviewInput } from '../../analyses/signal-review.ts';
import { scoreSentiment } from './sentiment.ts';

/**
 * The local analyst's answers to the news, signal and portfolio analyses: plain rules over the
 * point-in-time context (news sentiment, price against its moving average, stops), so the same
 * input always gives the same answer, offline.
 */

export function scoreNewsLocally(input: NewsSentimentInput): NewsSentimentOutput {
  return {
    scores: input.items.map((item) => {
      const { score, label } = scoreSentiment(`${item.title}. ${item.summary ?? ''}`);
      return { id: item.id, score, label };
    }),
  };
}

function headlineScore(item: Headline): number {
  return item.sentiment ?? scoreSentiment(`${item.title}. ${item.summary ?? ''}`).score;
}

/** Mean sentiment of the context's news, or null without news. */
export function newsMood(context: SymbolContext): number | null {
  if (context.news.length === 0) return null;
  let sum = 0;
  for (const item of context.news) sum += headlineScore(item);
  return sum / context.news.length;
}

/** Last close relative to the mean close of the context's bars (0.05 = 5% above). */
export function trendOf(context: SymbolContext): number | null {
  const close = lastClose(context);
  if (close === null || context.prices.length < 5) return null;
  let sum = 0;
  for (const p of context.prices) sum += p.close;
  const mean = sum / context.prices.length;
  return mean > 0 ? close / mean - 1 : null;
}

const fmt = (x: number): string => x.toFixed(2);

export function reviewSignalLocally(input: SignalReviewInput): SignalReview {
  const mood = newsMood(input.context);
  const trend = trendOf(input.context);
  const buying = input.signal.action === 'buy';
  const parts: string[] = [];
  if (mood !== null)
    parts.push(`news sentiment ${fmt(mood)} over ${input.context.news.length} item(s)`);
  if (trend !== null) parts.push(`price ${(trend * 100).toFixed(1)}% against its recent mean`);
  const facts = parts.length > 0 ? parts.join(', ') : 'no recent prices or news';

  // Strongly adverse news vetoes; news or trend against the trade lowers confidence.
  if (mood !== null && (buying ? mood <= -0.3 : mood >= 0.3)) {
    return {
      decision: 'veto',
      confidenceChange: -1,
      rationale: `Veto: ${facts}; the news runs against a ${input.signal.action}.`,
    };
  }
  let change = 0;
  if (mood !== null) change += (buying ? mood : -mood) * 0.3;
  if (trend !== null) change += Math.max(-0.2, Math.min(0.2, buying ? trend : -trend));
  change = Math.round(change * 100) / 100;
  if (Math.abs(change) < 0.05) {
    return { decision: 'confirm', confidenceChange: 0, rationale: `Confirm: ${facts}.` };
  }
  return {
    decision: 'adjust',
    confidenceChange: change,
    rationale: `Adjust by ${change > 0 ? '+' : ''}${fmt(change)}: ${facts}.`,
  };
}

export function reviewPortfolioLocally(input: PortfolioReviewInput): PortfolioProposal {
  const contexts = new Map(input.contexts.map((c) => [c.symbol, c]));
  const trades: ProposedTrade[] = [];
  const notes: string[] = [];
  let equity = input.cash;
  const heldSymbols = new Set<string>();
  for (const h of input.holdings) {
    const context = contexts.get(h.symbol);
    const close = context ? lastClose(context) : null;
    equity += h.shares * (close ?? h.avgCost);
    if (h.shares > 0) heldSymbols.add(h.symbol);
    if (!context || close === null) continue;
    const mood = newsMood(context);
    if (h.stopLoss !== null && close <= h.stopLoss) {
      trades.push({
        action: 'sell',
        symbol: h.symbol,
        shares: h.shares,
        stopLoss: null,
        reason: `close ${close} at or below stop ${h.stopLoss}`,
      });
    } else if (mood !== null && mood <= -0.3) {
      trades.push({
        action: 'sell',
        symbol: h.symbol,
        shares: h.shares,
        stopLoss: null,
        reason: `news sentiment ${fmt(mood)}`,
      });
    }
  }
  let cash = input.cash;
  for (const t of trades) cash += t.shares * (lastClose(contexts.get(t.symbol)!) ?? 0);
  const slots = input.rules.maxPositions - heldSymbols.size + trades.length;
  // Candidates: in the universe, not held, under the cap, in an uptrend with no bad news.
  const candidates = input.universe
    .filter((m) => !heldSymbols.has(m.symbol))
    .filter((m) => m.marketCap === null || m.marketCap <= input.rules.maxMarketCap)
    .map((m) => {
      const context = contexts.get(m.symbol);
      return {
        symbol: m.symbol,
        context,
        trend: context ? trendOf(context) : null,
        mood: context ? newsMood(context) : null,
      };
    })
    .filter(
      (c) => c.context && c.trend !== null && c.trend > 0.02 && (c.mood === null || c.mood >= 0),
    )
    .sort((a, b) => b.trend! - a.trend! || a.symbol.localeCompare(b.symbol))
    .slice(0, Math.max(0, Math.min(3, slots)));
  const budget = Math.min(
    input.rules.maxPositionFraction * equity,
    cash / Math.max(1, candidates.length),
  );
  for (const c of candidates) {
    const price = lastClose(c.context!)!;
    const shares = Math.floor(budget / price);
    if (shares < 1) continue;
    const stopLoss = Math.round(price * (1 - input.rules.defaultStopLossFraction) * 100) / 100;
    trades.push({
      action: 'buy',
      symbol: c.symbol,
      shares,
      stopLoss,
      reason: `uptrend ${(c.trend! * 100).toFixed(1)}% above its recent mean${c.mood !== null ? `, news ${fmt(c.mood)}` : ''}`,
    });
  }
  notes.push(
    `${trades.filter((t) => t.action === 'sell').length} sell(s), ${trades.filter((t) => t.action === 'buy').length} buy(s)`,
  );
  return { summary: `Local review for ${input.date}: ${notes.join('; ')}.`, trades };
}
