import type { EvaluationInput, StrategyInsights } from '../../analyses/strategy-evaluation.ts';

/**
 * Rule-based critique of backtest metrics: the local analyst's strategy evaluation. Each rule
 * reads one metric against a documented threshold (docs/ai.md) and adds a sentence to one list.
 * Thresholds follow common practice: fewer than 30 trades is too small a sample, a Sharpe below
 * 0.5 is weak and above 3 suspicious for daily data, a drawdown beyond 35% is hard to live with.
 */

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const fix = (x: number): string => x.toFixed(2);

function metric(input: EvaluationInput, key: string): number | null {
  const value = input.metrics[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function critiqueBacktest(input: EvaluationInput): StrategyInsights {
  const strengths: string[] = [];
  const weaknesses: string[] = [];
  const risks: string[] = [];
  const overfitting: string[] = [];
  const changes: StrategyInsights['suggestedParameterChanges'] = [];
  let confidence = 0.5;

  const trades = metric(input, 'trades') ?? input.tradeStats.count;
  const sharpe = metric(input, 'sharpeRatio');
  const drawdown = metric(input, 'maxDrawdown');
  const profitFactor = metric(input, 'profitFactor');
  const exposure = metric(input, 'exposure');
  const totalReturn = metric(input, 'totalReturn');
  const buyHold = metric(input, 'buyAndHoldReturn');
  const deflated = metric(input, 'deflatedSharpe');
  const probabilistic = metric(input, 'probabilisticSharpe');
  const winRate = metric(input, 'winRate');
  const paramCount = Object.keys(input.params).length;

  if (trades === 0) {
    weaknesses.push('The strategy made no trades: there is nothing to evaluate.');
    confidence -= 0.4;
  } else if (trades < 30) {
    overfitting.push(
      `Only ${trades} trades: too few for the metrics to be statistically meaningful (30 or more is a common minimum).`,
    );
    confidence -= 0.2;
  } else if (trades >= 100) {
    strengths.push(`${trades} trades give a reasonable sample for the statistics.`);
    confidence += 0.05;
  }
  if (trades > 0 && paramCount > 0 && trades / paramCount < 10) {
    overfitting.push(
      `${paramCount} parameters for ${trades} trades: fewer than 10 trades per parameter invites curve fitting.`,
    );
  }

  if (sharpe !== null) {
    if (sharpe > 3) {
      overfitting.push(
        `A Sharpe ratio of ${fix(sharpe)} is unusually high for daily data; check for look-ahead or a lucky parameter choice.`,
      );
    } else if (sharpe >= 1) {
      strengths.push(`Sharpe ratio ${fix(sharpe)}: good risk-adjusted return.`);
      confidence += 0.15;
    } else if (sharpe >= 0.5) {
      strengths.push(`Sharpe ratio ${fix(sharpe)}: modest but positive risk-adjusted return.`);
      confidence += 0.05;
    } else {
      weaknesses.push(`Sharpe ratio ${fix(sharpe)} is weak (below 0.5).`);
      confidence -= 0.15;
    }
  }

  if (drawdown !== null) {
    if (drawdown > 0.5) {
      risks.push(
        `Maximum drawdown of ${pct(drawdown)}: a loss this deep needs a ${pct(drawdown / (1 - drawdown))} gain to recover.`,
      );
      confidence -= 0.15;
    } else if (drawdown > 0.35) {
      risks.push(`Maximum drawdown of ${pct(drawdown)} is hard to sit through.`);
      confidence -= 0.05;
    } else if (drawdown < 0.15 && trades > 0) {
      strengths.push(`Maximum drawdown stayed at ${pct(drawdown)}.`);
    }
  }

  if (profitFactor !== null) {
    if (profitFactor < 1) {
      weaknesses.push(`Profit factor ${fix(profitFactor)}: losing trades outweigh winners.`);
      confidence -= 0.15;
    } else if (profitFactor < 1.2) {
      weaknesses.push(
        `Profit factor ${fix(profitFactor)} leaves little margin for worse fills or costs.`,
      );
    } else if (profitFactor >= 1.5) {
      strengths.push(`Profit factor ${fix(profitFactor)}.`);
      confidence += 0.05;
    }
  }

  const { grossProfit, grossLoss, largestWinShareOfProfit } = input.tradeStats;
  const costs = input.costs.commission + input.costs.slippage + input.costs.spread;
  const grossBeforeCosts = grossProfit + costs;
  if (costs > 0 && grossBeforeCosts > 0) {
    const share = costs / grossBeforeCosts;
    if (share > 0.5) {
      risks.push(
        `Costs (${costs.toFixed(0)}) take ${pct(share)} of gross profit before costs: the edge depends on fills micro-caps rarely give.`,
      );
      confidence -= 0.1;
      const slow = ['slow', 'period', 'lookback', 'window'].find((p) => p in input.params);
      if (slow !== undefined) {
        changes.push({
          parameter: slow,
          current: String(input.params[slow]),
          suggested: `longer than ${String(input.params[slow])}`,
          reason: 'Fewer, longer trades pay less spread and slippage.',
        });
      }
    } else if (share > 0.25) {
      risks.push(`Costs take ${pct(share)} of gross profit before costs.`);
    }
  }
  if (
    largestWinShareOfProfit !== null &&
    largestWinShareOfProfit > 0.5 &&
    grossProfit > grossLoss
  ) {
    overfitting.push(
      `The largest trade made ${pct(largestWinShareOfProfit)} of gross profit: results hinge on one outcome.`,
    );
    confidence -= 0.1;
  }

  if (exposure !== null) {
    if (exposure < 0.1 && trades > 0) {
      weaknesses.push(`In the market only ${pct(exposure)} of the time; returns rest on few days.`);
    } else if (exposure > 0.95) {
      risks.push(`Exposed ${pct(exposure)} of the time: close to buy-and-hold risk.`);
    }
  }

  if (totalReturn !== null && buyHold !== null && trades > 0) {
    if (totalReturn < buyHold) {
      weaknesses.push(
        `Total return ${pct(totalReturn)} trails buy-and-hold (${pct(buyHold)}) over the same period.`,
      );
      confidence -= 0.05;
    } else {
      strengths.push(`Beat buy-and-hold: ${pct(totalReturn)} against ${pct(buyHold)}.`);
    }
  }

  if (deflated !== null) {
    if (deflated < 0.95) {
      overfitting.push(
        `Deflated Sharpe ratio ${pct(deflated)} (below 95%): after the number of trials, the Sharpe may be luck.`,
      );
      confidence -= 0.1;
    } else {
      strengths.push(
        `Deflated Sharpe ratio ${pct(deflated)} survives the multiple-testing penalty.`,
      );
    }
  } else if (probabilistic !== null && probabilistic < 0.9) {
    overfitting.push(
      `Probabilistic Sharpe ratio ${pct(probabilistic)}: under 90% chance the true Sharpe is above 0.`,
    );
  }

  if (winRate !== null && winRate < 0.35 && trades > 0) {
    risks.push(`Win rate ${pct(winRate)}: long losing streaks are likely.`);
  }
  if (input.synthetic) {
    risks.push('The data is synthetic (demo universe): no conclusion carries to real markets.');
    confidence -= 0.1;
  }

  confidence = Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
  const verdict =
    confidence >= 0.6 ? 'promising' : confidence >= 0.4 ? 'inconclusive' : 'not convincing';
  const head = `${input.strategy} on ${input.symbols.length} symbol(s), ${input.start} to ${input.end}`;
  const summary =
    `${head}: ${verdict}. ` +
    `${trades} trades` +
    (sharpe !== null ? `, Sharpe ${fix(sharpe)}` : '') +
    (drawdown !== null ? `, max drawdown ${pct(drawdown)}` : '') +
    (totalReturn !== null ? `, total return ${pct(totalReturn)}` : '') +
    '.';
  return {
    summary,
    strengths,
    weaknesses,
    risks,
    overfittingConcerns: overfitting,
    suggestedParameterChanges: changes,
    confidence,
  };
}
