import type { MetricKey } from './metrics.ts';

/**
 * How to show a value: percent (a fraction shown x100 with %), ratio (a plain ratio, 2
 * decimals), number (a count or plain number), days (a duration; the label says trading or
 * calendar days), currency (an amount in the account currency).
 */
export type MetricFormat = 'percent' | 'ratio' | 'number' | 'days' | 'currency';

export type MetricGroup = 'returns' | 'risk' | 'trades' | 'costs' | 'benchmark' | 'robustness';

export interface MetricLabel {
  readonly label: string;
  readonly format: MetricFormat;
  readonly group: MetricGroup;
}

/** Human labels for tables and the HTML report, in display order. */
export const metricLabels: Readonly<Record<MetricKey, MetricLabel>> = {
  totalReturn: { label: 'Total return', format: 'percent', group: 'returns' },
  cagr: { label: 'CAGR', format: 'percent', group: 'returns' },
  volatility: { label: 'Volatility (annualised)', format: 'percent', group: 'risk' },
  sharpeRatio: { label: 'Sharpe ratio', format: 'ratio', group: 'returns' },
  sortinoRatio: { label: 'Sortino ratio', format: 'ratio', group: 'returns' },
  calmarRatio: { label: 'Calmar ratio', format: 'ratio', group: 'returns' },
  maxDrawdown: { label: 'Max drawdown', format: 'percent', group: 'risk' },
  maxDrawdownDuration: {
    label: 'Max drawdown duration (trading days)',
    format: 'days',
    group: 'risk',
  },
  maxDrawdownDurationDays: {
    label: 'Max drawdown duration (calendar days)',
    format: 'days',
    group: 'risk',
  },
  avgDrawdown: { label: 'Average drawdown', format: 'percent', group: 'risk' },
  avgDrawdownDuration: {
    label: 'Average drawdown duration (trading days)',
    format: 'days',
    group: 'risk',
  },
  var95: { label: 'Daily VaR 95% (historical)', format: 'percent', group: 'risk' },
  cvar95: { label: 'Daily CVaR 95% (historical)', format: 'percent', group: 'risk' },
  skew: { label: 'Skew of daily returns', format: 'ratio', group: 'risk' },
  kurtosis: { label: 'Excess kurtosis of daily returns', format: 'ratio', group: 'risk' },
  trades: { label: 'Trades', format: 'number', group: 'trades' },
  winRate: { label: 'Win rate', format: 'percent', group: 'trades' },
  profitFactor: { label: 'Profit factor', format: 'ratio', group: 'trades' },
  expectancy: { label: 'Expectancy (per trade)', format: 'currency', group: 'trades' },
  avgTradeReturn: { label: 'Average trade return', format: 'percent', group: 'trades' },
  avgWinningTrade: { label: 'Average winning trade', format: 'percent', group: 'trades' },
  avgLosingTrade: { label: 'Average losing trade', format: 'percent', group: 'trades' },
  bestTrade: { label: 'Best trade', format: 'percent', group: 'trades' },
  worstTrade: { label: 'Worst trade', format: 'percent', group: 'trades' },
  avgTradeDuration: {
    label: 'Average trade duration (trading days)',
    format: 'days',
    group: 'trades',
  },
  avgTradeDurationDays: {
    label: 'Average trade duration (calendar days)',
    format: 'days',
    group: 'trades',
  },
  sqn: { label: 'SQN', format: 'ratio', group: 'trades' },
  kelly: { label: 'Kelly criterion', format: 'percent', group: 'trades' },
  exposure: { label: 'Exposure time', format: 'percent', group: 'trades' },
  avgExposure: { label: 'Average gross exposure', format: 'percent', group: 'trades' },
  totalCosts: { label: 'Total costs', format: 'currency', group: 'costs' },
  turnover: { label: 'Turnover (per year, x average equity)', format: 'ratio', group: 'costs' },
  buyAndHoldReturn: { label: 'Buy & hold return', format: 'percent', group: 'benchmark' },
  benchmarkReturn: { label: 'Benchmark return', format: 'percent', group: 'benchmark' },
  alpha: { label: 'Alpha (annualised)', format: 'percent', group: 'benchmark' },
  beta: { label: 'Beta', format: 'ratio', group: 'benchmark' },
  correlation: { label: 'Correlation with benchmark', format: 'ratio', group: 'benchmark' },
  trackingError: { label: 'Tracking error (annualised)', format: 'percent', group: 'benchmark' },
  informationRatio: { label: 'Information ratio', format: 'ratio', group: 'benchmark' },
  probabilisticSharpe: {
    label: 'Probabilistic Sharpe ratio',
    format: 'percent',
    group: 'robustness',
  },
  deflatedSharpe: { label: 'Deflated Sharpe ratio', format: 'percent', group: 'robustness' },
  expectedMaxSharpe: {
    label: 'Expected max Sharpe of the trials',
    format: 'ratio',
    group: 'robustness',
  },
};

/** Renders one metric value for a text table ("-" for null). */
export function formatMetric(key: MetricKey, value: number | null, currency = ''): string {
  if (value === null) return '-';
  switch (metricLabels[key].format) {
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
    case 'ratio':
      return value.toFixed(2);
    case 'days':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    case 'currency':
      return `${currency}${value.toFixed(2)}`;
    case 'number':
      return Number.isInteger(value) ? String(value) : value.toFixed(4);
  }
}
