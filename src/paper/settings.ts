import { z } from 'zod';
import { defaultCosts, noCosts, parseSizingSpec, type BacktestConfig } from '../backtest/index.ts';
import { InputError } from '../domain/errors.ts';
import { pipelineSettingsSchema } from '../signals/limits.ts';

const symbolSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9.^=-]+$/, 'letters, digits, . ^ = and - only')
  .transform((s) => s.toUpperCase());

/**
 * A paper portfolio's configuration (stored in portfolios.settings_json). The broker settings
 * mirror the backtest's, so the same strategy and settings trade the same way in both.
 */
export const paperSettingsSchema = z.object({
  /** Registry strategy id; null for a portfolio traded by hand only. */
  strategy: z.string().min(1).nullable().default(null),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** The saved configuration the strategy came from, if any. */
  strategyConfigId: z.string().nullable().default(null),
  symbols: z.array(symbolSchema).max(500).default([]),
  /** all-in | percent:N | shares:N | risk:N (as backtest --sizing). */
  sizing: z.string().default('percent:10'),
  costs: z.enum(['default', 'none']).default('default'),
  allowShort: z.boolean().default(false),
  /** Benchmark symbol for performance (IWM: a Russell 2000 proxy). */
  benchmark: z.string().nullable().default('IWM'),
  pipeline: pipelineSettingsSchema.default(pipelineSettingsSchema.parse({})),
  /** Run the AI daily portfolio review in `paper run` (when an analyst is configured). */
  dailyReview: z.boolean().default(false),
});

export type PaperSettings = z.infer<typeof paperSettingsSchema>;
export type PaperSettingsInput = z.input<typeof paperSettingsSchema>;

export function parsePaperSettings(raw: unknown): PaperSettings {
  const result = paperSettingsSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.join('.');
    throw new InputError(
      path ? `settings.${path}` : 'settings',
      pick(raw, issue.path),
      issue.message,
    );
  }
  // Fail on a bad sizing spec now rather than on the first run.
  parseSizingSpec(result.data.sizing);
  return result.data;
}

function pick(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The backtest configuration the paper broker runs with (cash is the portfolio's own). */
export function brokerConfig(settings: PaperSettings, initialCash: number): BacktestConfig {
  return {
    initialCapital: initialCash,
    sizing: parseSizingSpec(settings.sizing),
    costs: settings.costs === 'none' ? noCosts() : defaultCosts(),
    allowShort: settings.allowShort,
    borrowFeeBps: 300,
  };
}
