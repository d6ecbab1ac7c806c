import { z } from 'zod';
import type { SymbolContext } from '../context.ts';
import type { AnalysisTask } from './task.ts';
import { promptJson, systemMessage } from './task.ts';

export interface ProposedSignal {
  readonly symbol: string;
  readonly strategy: string;
  readonly action: 'buy' | 'sell';
  /** 0..1 */
  readonly strength: number;
  readonly price: number | null;
  readonly reason: string;
}

export interface SignalReviewInput {
  readonly signal: ProposedSignal;
  /** Built by buildSymbolContext for the signal's date (point-in-time). */
  readonly context: SymbolContext;
}

export const signalReviewSchema = z.object({
  decision: z.enum(['confirm', 'veto', 'adjust']),
  /** Added to the signal's strength (clipped to 0..1 by the caller). */
  confidenceChange: z.number().min(-1).max(1),
  rationale: z.string().min(1),
});

export type SignalReview = z.infer<typeof signalReviewSchema>;

export const signalReviewTask: AnalysisTask<SignalReviewInput, SignalReview> = {
  id: 'signal-review',
  version: '1',
  schemaName: 'signal_review',
  schema: signalReviewSchema,
  render(input) {
    return [
      systemMessage('a risk reviewer of systematic trading signals'),
      {
        role: 'user',
        content:
          `A strategy proposes to ${input.signal.action} ${input.signal.symbol} on ` +
          `${input.context.asOf}. Given the recent prices and news (nothing after that date), ` +
          'decide: confirm, veto (do not trade) or adjust (trade with changed confidence). ' +
          'confidenceChange is -1..1 and is added to the signal strength; give a short rationale.\n\n' +
          promptJson(input),
      },
    ];
  },
};

/** Applies a review to a signal's strength: veto gives 0, otherwise strength + change in 0..1. */
export function reviewedStrength(signal: ProposedSignal, review: SignalReview): number {
  if (review.decision === 'veto') return 0;
  return Math.min(1, Math.max(0, signal.strength + review.confidenceChange));
}
