/** Number and date formatting shared by the pages (fractions shown as percentages). */

const PERCENT_METRICS = new Set([
  'totalReturn',
  'cagr',
  'maxDrawdown',
  'volatility',
  'winRate',
  'exposure',
  'alpha',
  'avgDrawdown',
  'var95',
  'cvar95',
  'avgTradeReturn',
  'avgWinningTrade',
  'avgLosingTrade',
  'bestTrade',
  'worstTrade',
  'kelly',
  'avgExposure',
  'buyAndHoldReturn',
  'benchmarkReturn',
  'trackingError',
  'probabilisticSharpe',
]);

export function formatPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)} %`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function formatMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
}

export function formatMetric(name: string, value: number | null | undefined): string {
  if (PERCENT_METRICS.has(name)) return formatPercent(value);
  if (name === 'trades' || /Duration(Days)?$/.test(name)) return formatNumber(value, 0);
  return formatNumber(value);
}

/** "sharpeRatio" -> "Sharpe ratio". */
export function metricLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const fixed = words
    .replace(/\bcagr\b/, 'CAGR')
    .replace(/\bsqn\b/, 'SQN')
    .replace(/\bc?var(\d+)/, (match, level: string) =>
      match.startsWith('c') ? `CVaR ${level} %` : `VaR ${level} %`,
    )
    .replace(/\bpnl\b/, 'P&L');
  return fixed.charAt(0).toUpperCase() + fixed.slice(1);
}

export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().slice(0, 10);
}

export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().slice(0, 16).replace('T', ' ');
}
