import { z } from 'zod';
import type { BacktestResultJson } from '../../backtest/result.ts';
import type { AnalysisTask } from './task.ts';
import { promptJson, systemMessage } from './task.ts';

/** What the evaluation sees of a backtest: everything but the bar-by-bar equity and trades. */
export type EvaluationInput = Pick<
  BacktestResultJson,
  | 'strategy'
  | 'params'
  | 'symbols'
  | 'start'
  | 'end'
  | 'initialCapital'
  | 'finalValue'
  | 'synthetic'
  | 'metrics'
> & {
  readonly tradeStats: TradeStats;
  readonly costs: CostTotals;
};

export interface TradeStats {
  readonly count: number;
  readonly grossProfit: number;
  readonly grossLoss: number;
  readonly largestWinShareOfProfit: number | null;
  readonly symbolsTraded: number;
}

export interface CostTotals {
  readonly commission: number;
  readonly slippage: number;
  readonly spread: number;
}

export const suggestedChangeSchema = z.object({
  parameter: z.string(),
  current: z.string().nullable(),
  suggested: z.string(),
  reason: z.string(),
});

export const insightsSchema = z.object({
  summary: z.string().min(1),
  strengths: z.array(z.string()),
  weaknesses: z.array(z.string()),
  risks: z.array(z.string()),
  overfittingConcerns: z.array(z.string()),
  suggestedParameterChanges: z.array(suggestedChangeSchema),
  confidence: z.number().min(0).max(1),
});

export type StrategyInsights = z.infer<typeof insightsSchema>;

const round = (x: number, digits = 6): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Condenses a `backtest --json` result to the evaluation input (deterministic). */
export function summariseBacktest(result: BacktestResultJson): EvaluationInput {
  let grossProfit = 0;
  let grossLoss = 0;
  let largestWin = 0;
  let commission = 0;
  let slippage = 0;
  let spread = 0;
  const symbols = new Set<string>();
  for (const trade of result.trades) {
    if (trade.pnl > 0) grossProfit += trade.pnl;
    else grossLoss -= trade.pnl;
    largestWin = Math.max(largestWin, trade.pnl);
    commission += trade.commission ?? 0;
    slippage += trade.slippage ?? 0;
    spread += trade.spread ?? 0;
    symbols.add(trade.symbol);
  }
  const metrics: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(result.metrics)) {
    metrics[key] = value === null ? null : round(value);
  }
  return {
    strategy: result.strategy,
    params: result.params,
    symbols: result.symbols,
    start: result.start,
    end: result.end,
    initialCapital: result.initialCapital,
    finalValue: round(result.finalValue, 2),
    synthetic: result.synthetic ?? false,
    metrics,
    tradeStats: {
      count: result.trades.length,
      grossProfit: round(grossProfit, 2),
      grossLoss: round(grossLoss, 2),
      largestWinShareOfProfit: grossProfit > 0 ? round(largestWin / grossProfit, 4) : null,
      symbolsTraded: symbols.size,
    },
    costs: {
      commission: round(commission, 2),
      slippage: round(slippage, 2),
      spread: round(spread, 2),
    },
  };
}

export const strategyEvaluationTask: AnalysisTask<EvaluationInput, StrategyInsights> = {
  id: 'strategy-evaluation',
  version: '1',
  schemaName: 'strategy_insights',
  schema: insightsSchema,
  render(input) {
    return [
      systemMessage('a sceptical quantitative strategy reviewer'),
      {
        role: 'user',
        content:
          'Evaluate this backtest of a trading strategy on micro-cap stocks. Ratios are ' +
          'fractions (0.12 = 12%), maxDrawdown is positive, annualisation uses 252 days. ' +
          'List strengths, weaknesses, risks and overfitting concerns (few trades, many ' +
          'parameters, results driven by one trade, costs, deflated Sharpe). Suggest parameter ' +
          'changes with the parameter name, current value, suggested value and reason. ' +
          'confidence is 0..1: how much the evidence supports trading this strategy.\n\n' +
          promptJson(input),
      },
    ];
  },
};
