import type { BarSeries } from '../domain/bars.ts';
import type { Intent } from '../strategies/types.ts';

/**
 * The signal pipeline's vocabulary. A strategy's decision becomes a Signal; the pipeline runs
 * it through validation, risk assessment and the optional AI review, and every signal ends as
 * a SignalDecision: accepted (then executed) or rejected at a named stage with a reason.
 */

/** Where a signal was stopped; 'final' marks a signal that passed every stage. */
export type SignalStage = 'validation' | 'risk' | 'review' | 'execution' | 'final';

export const SIGNAL_STAGES: readonly SignalStage[] = [
  'validation',
  'risk',
  'review',
  'execution',
  'final',
];

/** buy/short open (or add to) a position; sell/cover close one. */
export type SignalAction = 'buy' | 'sell' | 'short' | 'cover';

export interface Signal {
  readonly symbol: string;
  /** Strategy id, or 'manual' for orders typed by a person. */
  readonly strategy: string;
  /** Epoch ms of the bar the decision was made on (its close). */
  readonly time: number;
  readonly action: SignalAction;
  /** The close the decision saw. */
  readonly price: number;
  /** Shares asked for, or the sizing rule's estimate at `price`; null when unknown. */
  readonly quantity: number | null;
  /** Protective stop the entry carries (fixed stop, or the first trailing level); null if none. */
  readonly stopLoss: number | null;
  /** 0..1: the strategy's base confidence, changed by the review. */
  readonly confidence: number;
  readonly reason: string;
  /** The intent the signal came from (what execution hands to the broker). */
  readonly intent: Intent;
}

export type SignalStatus = 'accepted' | 'rejected';

export interface SignalReviewOutcome {
  readonly decision: 'confirm' | 'veto' | 'adjust';
  /** Added to the confidence (clipped to 0..1). */
  readonly confidenceChange: number;
  readonly rationale: string;
  /** Which reviewer answered (model name, or 'none'). */
  readonly reviewer: string;
}

export interface SignalDecision {
  readonly signal: Signal;
  readonly status: SignalStatus;
  /** 'final' when accepted; the stage that rejected it otherwise. */
  readonly stage: SignalStage;
  /** Why it was rejected (names the rule), or 'accepted'. */
  readonly reason: string;
  /** The rule that rejected it (e.g. 'liquidity'), null when accepted. */
  readonly rule: string | null;
  readonly confidence: number;
  readonly review: SignalReviewOutcome | null;
}

/** What the pipeline knows about the symbol's market on the decision bar. */
export interface MarketView {
  readonly series: BarSeries;
  /** Bar index of the decision (its close is the signal's price). */
  readonly index: number;
  /** Epoch ms of "today" for the run (freshness is measured against it). */
  readonly asOf: number;
}

export interface HeldPosition {
  readonly symbol: string;
  /** Signed shares. */
  readonly quantity: number;
  readonly price: number;
}

/** The portfolio as the risk stage sees it at the decision bar's close. */
export interface PortfolioView {
  readonly equity: number;
  /** Cash that can pay for a new long position (equity minus gross short value). */
  readonly buyingPower: number;
  readonly positions: readonly HeldPosition[];
  /** Entry orders still working (they will add positions). */
  readonly pendingEntries: number;
  /** Equity at the previous close (daily loss limit); NaN on the first day. */
  readonly previousEquity: number;
}
