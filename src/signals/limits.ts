import { z } from 'zod';
import { InputError } from '../domain/errors.ts';

/**
 * The checks a signal must pass. Every limit can be switched off with null (risk) so that a
 * paper portfolio can reproduce a backtest exactly; the defaults are those of a cautious
 * micro-cap account.
 */
export const validationRulesSchema = z.object({
  /** Oldest decision bar accepted, in calendar days before the run's date. */
  maxDataAgeDays: z.number().int().min(0).max(3650).default(5),
  /** Largest believable close-to-close move (3 = +300 %); beyond it the bar is suspect. */
  maxDailyMove: z.number().positive().default(3),
  /** Only NYSE trading days may produce signals. */
  requireTradingDay: z.boolean().default(true),
});

export const riskLimitsSchema = z.object({
  /** Most positions open at once, counting entries still working. */
  maxPositions: z.number().int().min(1).nullable().default(10),
  /** Largest new order value as a fraction of equity. */
  maxPositionFraction: z.number().gt(0).max(1).nullable().default(0.25),
  /** Largest gross exposure (positions value / equity) after the order. */
  maxExposure: z.number().gt(0).max(10).nullable().default(1),
  /** Largest loss to the stop as a fraction of equity: (price - stop) * shares / equity. */
  maxRiskPerTrade: z.number().gt(0).max(1).nullable().default(0.02),
  /** Largest order as a fraction of the average daily volume over advWindow past bars. */
  maxAdvFraction: z.number().gt(0).max(1).nullable().default(0.05),
  advWindow: z.number().int().min(1).max(250).default(20),
  /** Lowest share price an entry may have. */
  minPrice: z.number().min(0).nullable().default(1),
  /** Micro-caps gap and halt: every entry must carry a protective stop. */
  requireStop: z.boolean().default(true),
  /** No new entries once equity fell this fraction since the previous close. */
  dailyLossLimit: z.number().gt(0).max(1).nullable().default(0.05),
  /** Largest share of equity in one symbol after the order (adds included). */
  maxConcentration: z.number().gt(0).max(1).nullable().default(0.35),
});

export const pipelineSettingsSchema = z.object({
  validation: validationRulesSchema.default(validationRulesSchema.parse({})),
  risk: riskLimitsSchema.default(riskLimitsSchema.parse({})),
  /** Confidence a strategy signal starts with (strategies give no score of their own). */
  baseConfidence: z.number().min(0).max(1).default(0.6),
  /** Signals whose confidence ends below this are rejected at the review stage. */
  minConfidence: z.number().min(0).max(1).default(0.5),
  /** Ask the AI reviewer (when one is configured). */
  aiReview: z.boolean().default(false),
});

export type ValidationRules = z.infer<typeof validationRulesSchema>;
export type RiskLimits = z.infer<typeof riskLimitsSchema>;
export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;

/** Every risk limit off: the pipeline then accepts what a backtest would trade. */
export const NO_RISK_LIMITS: RiskLimits = {
  maxPositions: null,
  maxPositionFraction: null,
  maxExposure: null,
  maxRiskPerTrade: null,
  maxAdvFraction: null,
  advWindow: 20,
  minPrice: null,
  requireStop: false,
  dailyLossLimit: null,
  maxConcentration: null,
};

/** Validates settings (defaults applied); InputError names the first bad field. */
export function parsePipelineSettings(raw: unknown, field = 'settings'): PipelineSettings {
  const result = pipelineSettingsSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.join('.');
  throw new InputError(path ? `${field}.${path}` : field, valueAt(raw, issue.path), issue.message);
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
