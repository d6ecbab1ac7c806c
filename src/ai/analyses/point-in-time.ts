import type { BarSeries } from '../../domain/bars.ts';
import { buildSymbolContext } from '../context.ts';
import type { ContextOptions, NewsLike } from '../context.ts';
import type { AiServiceManager, AnalysisResult } from '../manager.ts';
import { enforcePortfolioRules, portfolioReviewTask } from './portfolio-review.ts';
import type {
  CheckedProposal,
  Holding,
  PortfolioProposal,
  PortfolioRules,
  UniverseMember,
} from './portfolio-review.ts';
import { DEFAULT_PORTFOLIO_RULES } from './portfolio-review.ts';
import { reviewedStrength, signalReviewTask } from './signal-review.ts';
import type { ProposedSignal, SignalReview } from './signal-review.ts';

/**
 * Entry points for analyses that look at the market on a date: callers hand over whole price
 * series and news lists, and the context is cut at the date here (buildSymbolContext), so no
 * caller can leak later bars or news into a prompt by mistake.
 */

export interface MarketData {
  /** Full series are fine: only bars dated on or before the analysis date are used. */
  readonly series: ReadonlyMap<string, BarSeries>;
  /** News by symbol; only items published by the end of the analysis date are used. */
  readonly news?: ReadonlyMap<string, readonly NewsLike[]>;
}

export interface SignalReviewOutcome extends AnalysisResult<SignalReview> {
  /** The signal's strength after the review (0 when vetoed). */
  readonly strength: number;
}

export async function reviewSignal(
  manager: AiServiceManager,
  signal: ProposedSignal,
  asOf: string,
  data: MarketData,
  options: ContextOptions = {},
): Promise<SignalReviewOutcome> {
  const context = buildSymbolContext(
    signal.symbol,
    asOf,
    data.series.get(signal.symbol) ?? null,
    data.news?.get(signal.symbol) ?? [],
    options,
  );
  const result = await manager.run(signalReviewTask, { signal, context });
  return { ...result, strength: reviewedStrength(signal, result.value) };
}

export interface PortfolioReviewRequest {
  readonly date: string;
  readonly cash: number;
  readonly holdings: readonly Holding[];
  readonly universe: readonly UniverseMember[];
  readonly rules?: PortfolioRules;
}

export interface PortfolioReviewOutcome extends AnalysisResult<PortfolioProposal> {
  /** The proposal after the rules: accepted (possibly clipped) and rejected trades. */
  readonly checked: CheckedProposal;
}

export async function reviewPortfolio(
  manager: AiServiceManager,
  request: PortfolioReviewRequest,
  data: MarketData,
  options: ContextOptions = {},
): Promise<PortfolioReviewOutcome> {
  const symbols = [
    ...new Set([
      ...request.holdings.map((h) => h.symbol),
      ...request.universe.map((m) => m.symbol),
    ]),
  ].sort();
  const contexts = symbols.map((symbol) =>
    buildSymbolContext(
      symbol,
      request.date,
      data.series.get(symbol) ?? null,
      data.news?.get(symbol) ?? [],
      options,
    ),
  );
  const input = {
    date: request.date,
    cash: request.cash,
    holdings: request.holdings,
    universe: request.universe,
    contexts,
    rules: request.rules ?? DEFAULT_PORTFOLIO_RULES,
  };
  const result = await manager.run(portfolioReviewTask, input);
  return { ...result, checked: enforcePortfolioRules(result.value, input) };
}
