import { averageVolume } from '../backtest/trailing-stats.ts';
import type { RiskLimits } from './limits.ts';
import type { MarketView, PortfolioView, Signal } from './types.ts';
import type { RuleFailure } from './validation.ts';

/**
 * Risk stage. Exits (sell, cover) always pass: they reduce risk. Entries (buy, short) must
 * pass, in order: minimum price, mandatory stop, daily loss limit, position count, position
 * size, concentration, exposure, risk per trade and liquidity. The share count is the signal's
 * (its intent's quantity, or the sizing rule's estimate at the decision close). Returns the
 * first failure, or null.
 */
export function assessRisk(
  signal: Signal,
  market: MarketView,
  portfolio: PortfolioView,
  limits: RiskLimits,
): RuleFailure | null {
  if (signal.action === 'sell' || signal.action === 'cover') return null;
  const price = signal.price;
  const equity = portfolio.equity;
  const shares = signal.quantity ?? 0;
  const value = shares * price;
  if (limits.minPrice !== null && price < limits.minPrice) {
    return {
      rule: 'min-price',
      reason: `price ${fmt(price)} is below the minimum ${fmt(limits.minPrice)}`,
    };
  }
  if (limits.requireStop && signal.stopLoss === null) {
    return { rule: 'mandatory-stop', reason: 'micro-cap entries must carry a protective stop' };
  }
  const previous = portfolio.previousEquity;
  if (limits.dailyLossLimit !== null && previous > 0) {
    const loss = 1 - equity / previous;
    if (loss >= limits.dailyLossLimit) {
      return {
        rule: 'daily-loss-limit',
        reason: `equity fell ${pct(loss)} today (limit ${pct(limits.dailyLossLimit)}): no new entries`,
      };
    }
  }
  const held = portfolio.positions.find((p) => p.symbol === signal.symbol);
  const adding = held !== undefined && held.quantity !== 0;
  if (limits.maxPositions !== null && !adding) {
    const count =
      portfolio.positions.filter((p) => p.quantity !== 0).length + portfolio.pendingEntries;
    if (count >= limits.maxPositions) {
      return {
        rule: 'max-positions',
        reason: `${count} positions open or pending (limit ${limits.maxPositions})`,
      };
    }
  }
  if (!(equity > 0)) return { rule: 'position-size', reason: 'equity is not positive' };
  if (limits.maxPositionFraction !== null && value / equity > limits.maxPositionFraction) {
    return {
      rule: 'position-size',
      reason: `order value ${fmt(value)} is ${pct(value / equity)} of equity (limit ${pct(limits.maxPositionFraction)})`,
    };
  }
  if (limits.maxConcentration !== null) {
    const heldValue = held ? Math.abs(held.quantity) * held.price : 0;
    const share = (heldValue + value) / equity;
    if (share > limits.maxConcentration) {
      return {
        rule: 'concentration',
        reason: `${signal.symbol} would be ${pct(share)} of equity (limit ${pct(limits.maxConcentration)})`,
      };
    }
  }
  if (limits.maxExposure !== null) {
    let gross = value;
    for (const p of portfolio.positions) gross += Math.abs(p.quantity) * p.price;
    if (gross / equity > limits.maxExposure) {
      return {
        rule: 'exposure',
        reason: `gross exposure would be ${pct(gross / equity)} of equity (limit ${pct(limits.maxExposure)})`,
      };
    }
  }
  if (limits.maxRiskPerTrade !== null && signal.stopLoss !== null) {
    const risk = Math.abs(price - signal.stopLoss) * shares;
    if (risk / equity > limits.maxRiskPerTrade) {
      return {
        rule: 'risk-per-trade',
        reason: `${fmt(risk)} at risk to the stop is ${pct(risk / equity)} of equity (limit ${pct(limits.maxRiskPerTrade)})`,
      };
    }
  }
  if (limits.maxAdvFraction !== null) {
    // The decision bar is known at its close, so the window ends with it.
    const adv = averageVolume(market.series, market.index + 1, limits.advWindow);
    if (!(adv > 0)) {
      return { rule: 'liquidity', reason: `no average volume over ${limits.advWindow} bars` };
    }
    if (shares / adv > limits.maxAdvFraction) {
      return {
        rule: 'liquidity',
        reason: `${shares} shares is ${pct(shares / adv)} of the ${limits.advWindow}-day average volume ${Math.round(adv)} (limit ${pct(limits.maxAdvFraction)})`,
      };
    }
  }
  return null;
}

function fmt(value: number): string {
  return value.toFixed(2);
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
