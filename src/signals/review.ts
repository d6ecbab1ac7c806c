import type { MarketView, Signal, SignalReviewOutcome } from './types.ts';

/**
 * The AI-enhancement stage's port. The AI layer (src/ai, the signal-review analysis) plugs in
 * an implementation; without one the pipeline skips the stage. A reviewer may confirm, veto
 * or adjust the confidence; it sees only data up to the decision bar.
 */
export interface SignalReviewer {
  /** Recorded with every review (model or provider name). */
  readonly name: string;
  review(signal: Signal, market: MarketView): Promise<Omit<SignalReviewOutcome, 'reviewer'>>;
}

/** Runs a reviewer, turning its failure into a recorded confirm: the AI step is optional. */
export async function reviewSafely(
  reviewer: SignalReviewer,
  signal: Signal,
  market: MarketView,
): Promise<SignalReviewOutcome> {
  try {
    const outcome = await reviewer.review(signal, market);
    const change = Number.isFinite(outcome.confidenceChange) ? outcome.confidenceChange : 0;
    return { ...outcome, confidenceChange: change, reviewer: reviewer.name };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      decision: 'confirm',
      confidenceChange: 0,
      rationale: `review unavailable (${message}); signal kept unreviewed`,
      reviewer: reviewer.name,
    };
  }
}

/** A reviewer with fixed answers per symbol (tests, dry runs). */
export function scriptedReviewer(
  answers: Readonly<Record<string, Omit<SignalReviewOutcome, 'reviewer'>>>,
  name = 'scripted',
): SignalReviewer {
  return {
    name,
    async review(signal) {
      return (
        answers[signal.symbol] ?? {
          decision: 'confirm',
          confidenceChange: 0,
          rationale: 'no objection',
        }
      );
    },
  };
}
