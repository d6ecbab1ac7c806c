import type { PipelineSettings } from './limits.ts';
import { reviewSafely, type SignalReviewer } from './review.ts';
import { assessRisk } from './risk.ts';
import type {
  HeldPosition,
  MarketView,
  PortfolioView,
  Signal,
  SignalDecision,
  SignalReviewOutcome,
} from './types.ts';
import { validateSignal } from './validation.ts';

export interface PipelineCandidate {
  readonly signal: Signal;
  readonly market: MarketView;
}

export interface PipelineOptions {
  readonly settings: PipelineSettings;
  /** The AI stage; skipped when absent or when settings.aiReview is off. */
  readonly reviewer?: SignalReviewer | null;
}

/**
 * Runs signals through validation -> risk -> AI review -> final decision, one after another:
 * an accepted entry counts as a position for the limits of the next signal, so two
 * entries cannot both use the last free position slot. Exits skip risk and review (they
 * only reduce risk) but are validated. Returns one decision per candidate, in order.
 */
export async function runSignalPipeline(
  candidates: readonly PipelineCandidate[],
  portfolio: PortfolioView,
  options: PipelineOptions,
): Promise<SignalDecision[]> {
  const { settings } = options;
  const reviewer = settings.aiReview ? (options.reviewer ?? null) : null;
  const positions = new Map<string, HeldPosition>(portfolio.positions.map((p) => [p.symbol, p]));
  const pendingEntries = portfolio.pendingEntries;
  const decisions: SignalDecision[] = [];
  for (const { signal, market } of candidates) {
    const reject = (
      stage: SignalDecision['stage'],
      rule: string,
      reason: string,
      confidence = signal.confidence,
      review: SignalReviewOutcome | null = null,
    ): void => {
      decisions.push({ signal, status: 'rejected', stage, rule, reason, confidence, review });
    };
    const invalid = validateSignal(signal, market, settings.validation);
    if (invalid) {
      reject('validation', invalid.rule, invalid.reason);
      continue;
    }
    const entry = signal.action === 'buy' || signal.action === 'short';
    if (!entry) {
      decisions.push(accepted(signal, signal.confidence, null));
      continue;
    }
    const view: PortfolioView = {
      ...portfolio,
      positions: [...positions.values()],
      pendingEntries,
    };
    const risky = assessRisk(signal, market, view, settings.risk);
    if (risky) {
      reject('risk', risky.rule, risky.reason);
      continue;
    }
    let confidence = signal.confidence;
    let review: SignalReviewOutcome | null = null;
    if (reviewer) {
      review = await reviewSafely(reviewer, signal, market);
      if (review.decision === 'veto') {
        reject('review', 'ai-veto', `vetoed by ${review.reviewer}: ${review.rationale}`, 0, review);
        continue;
      }
      confidence = Math.min(1, Math.max(0, confidence + review.confidenceChange));
    }
    if (confidence < settings.minConfidence) {
      reject(
        'review',
        'min-confidence',
        `confidence ${confidence.toFixed(2)} is below the minimum ${settings.minConfidence.toFixed(2)}`,
        confidence,
        review,
      );
      continue;
    }
    decisions.push(accepted(signal, confidence, review));
    const shares = signal.quantity ?? 0;
    const held = positions.get(signal.symbol);
    const signed = signal.action === 'buy' ? shares : -shares;
    positions.set(signal.symbol, {
      symbol: signal.symbol,
      quantity: (held?.quantity ?? 0) + signed,
      price: signal.price,
    });
  }
  return decisions;
}

function accepted(
  signal: Signal,
  confidence: number,
  review: SignalReviewOutcome | null,
): SignalDecision {
  return {
    signal,
    status: 'accepted',
    stage: 'final',
    reason: 'accepted',
    rule: null,
    confidence,
    review,
  };
}
