import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BacktestResultJson } from '../../backtest/result.ts';
import { InputError } from '../../domain/errors.ts';
import type { BacktestResultRepository } from '../../store/repositories/backtest-result-repository.ts';
import type { AiServiceManager, AnalysisResult } from '../manager.ts';
import { strategyEvaluationTask, summariseBacktest } from './strategy-evaluation.ts';
import type { StrategyInsights } from './strategy-evaluation.ts';

/** The parts of `backtest --json` the evaluation reads; extra fields pass through. */
const backtestResultSchema = z.looseObject({
  strategy: z.string(),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  start: z.string(),
  end: z.string(),
  initialCapital: z.number(),
  finalValue: z.number(),
  synthetic: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  metrics: z.record(z.string(), z.number().nullable()),
  trades: z.array(
    z.looseObject({
      symbol: z.string(),
      pnl: z.number(),
      commission: z.number().optional(),
      slippage: z.number().optional(),
      spread: z.number().optional(),
    }),
  ),
  equity: z.array(z.unknown()).optional(),
});

export interface BacktestSource {
  readonly result: BacktestResultJson;
  /** Set when the result came from the database (insights are then stored with it). */
  readonly id: string | null;
  readonly file: string | null;
}

/** Parses a `backtest --json` document, naming the first problem. */
export function parseBacktestJson(text: string, origin: string): BacktestResultJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError('backtest', origin, `not JSON (${(error as Error).message})`);
  }
  const parsed = backtestResultSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      'backtest',
      origin,
      `not a backtest --json result: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data as unknown as BacktestResultJson;
}

/** True when the argument names an existing file (else it is treated as a stored result id). */
export function isBacktestFile(arg: string): boolean {
  return existsSync(arg);
}

export function readBacktestFile(path: string): BacktestSource {
  return { result: parseBacktestJson(readFileSync(path, 'utf8'), path), id: null, file: path };
}

export async function readStoredBacktest(
  id: string,
  repository: BacktestResultRepository,
): Promise<BacktestSource> {
  const stored = await repository.get(id);
  if (!stored)
    throw new InputError('backtest', id, 'neither a file nor the id of a stored backtest');
  return { result: stored.result, id: stored.id, file: null };
}

export interface StoredInsights {
  readonly insights: StrategyInsights;
  readonly meta: AnalysisResult<StrategyInsights>['meta'];
  /** ISO time the analysis finished: the report and dashboard date the section by it. */
  readonly analysedAt: string;
}

/**
 * Evaluates a backtest through the manager; when it came from the database, stores the insights
 * (with their provenance) in its ai_insights column.
 */
export async function evaluateBacktest(
  source: BacktestSource,
  manager: AiServiceManager,
  repository?: BacktestResultRepository,
  now: () => Date = () => new Date(),
): Promise<StoredInsights> {
  const result = await manager.run(strategyEvaluationTask, summariseBacktest(source.result));
  const stored: StoredInsights = {
    insights: result.value,
    meta: result.meta,
    analysedAt: now().toISOString(),
  };
  if (source.id !== null && repository) await repository.setAiInsights(source.id, stored);
  return stored;
}
