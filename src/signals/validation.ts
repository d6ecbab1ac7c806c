import { toIsoDate } from '../domain/time.ts';
import { isTradingDay } from '../market-data/calendar.ts';
import type { ValidationRules } from './limits.ts';
import type { MarketView, Signal } from './types.ts';

/** A failed check: the rule's name and a sentence that says what was wrong. */
export interface RuleFailure {
  readonly rule: string;
  readonly reason: string;
}

const DAY_MS = 86_400_000;

/**
 * Validation stage: is the data behind the signal fit to trade on? Checks, in order:
 * fresh data (decision bar not older than maxDataAgeDays calendar days before the run date),
 * a trading day (NYSE calendar), a tradable symbol (it traded: volume > 0 on the decision bar)
 * and a sane price (finite, positive, inside the bar's range, no jump beyond maxDailyMove from
 * the previous close). Returns the first failure, or null.
 */
export function validateSignal(
  signal: Signal,
  market: MarketView,
  rules: ValidationRules,
): RuleFailure | null {
  const { series, index, asOf } = market;
  const time = series.time[index];
  const age = Math.floor((asOf - time) / DAY_MS);
  if (age > rules.maxDataAgeDays) {
    return {
      rule: 'fresh-data',
      reason: `decision bar ${toIsoDate(time)} is ${age} days old (limit ${rules.maxDataAgeDays})`,
    };
  }
  if (rules.requireTradingDay && !isTradingDay(time)) {
    return { rule: 'trading-day', reason: `${toIsoDate(time)} is not an NYSE trading day` };
  }
  if (!(series.volume[index] > 0)) {
    return {
      rule: 'tradable-symbol',
      reason: `${signal.symbol} did not trade on ${toIsoDate(time)} (volume 0)`,
    };
  }
  const close = series.close[index];
  const high = series.high[index];
  const low = series.low[index];
  if (!(Number.isFinite(close) && close > 0)) {
    return { rule: 'sane-price', reason: `close ${close} is not a positive price` };
  }
  if (!(low <= close && close <= high)) {
    return {
      rule: 'sane-price',
      reason: `close ${close} lies outside the bar's range ${low}-${high}`,
    };
  }
  if (index > 0) {
    const previous = series.close[index - 1];
    const move = previous > 0 ? Math.abs(close / previous - 1) : 0;
    if (move > rules.maxDailyMove) {
      return {
        rule: 'sane-price',
        reason: `close moved ${(move * 100).toFixed(0)}% in a day (limit ${(rules.maxDailyMove * 100).toFixed(0)}%)`,
      };
    }
  }
  return null;
}
