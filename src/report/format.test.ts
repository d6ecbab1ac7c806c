import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatCurrency,
  formatDays,
  formatMetric,
  formatPercent,
  formatTime,
  humanizeName,
  metricLabel,
  orderMetricNames,
} from './format.ts';

describe('report formatting', () => {
  it('formats each unit, with a dash for missing values', () => {
    expect(formatPercent(0.1234)).toBe('12.34 %');
    expect(formatPercent(-0.5)).toBe('-50.00 %');
    expect(formatCurrency(12345.678)).toBe('$12,345.68');
    expect(formatCurrency(-3.5)).toBe('-$3.50');
    expect(formatDays(12)).toBe('12 days');
    expect(formatDays(1)).toBe('1 day');
    expect(formatDays(2.25)).toBe('2.3 days');
    for (const missing of [null, undefined, NaN, Infinity]) {
      expect(formatPercent(missing)).toBe('—');
      expect(formatMetric('sharpeRatio', missing)).toBe('—');
    }
  });

  it('labels known metrics from analytics and derives the rest', () => {
    expect(metricLabel('sharpeRatio')).toMatchObject({ label: 'Sharpe ratio', format: 'ratio' });
    expect(metricLabel('maxDrawdown').format).toBe('percent');
    expect(metricLabel('borrowFeeCost')).toEqual({
      label: 'Borrow fee cost',
      format: 'currency',
      group: 'other',
    });
    expect(metricLabel('medianHoldingDays').format).toBe('days');
    expect(metricLabel('hitRate').format).toBe('percent');
    expect(humanizeName('avgMAEPct')).toBe('Avg MAE pct');
    expect(metricLabel('constructor').group).toBe('other');
  });

  it('orders known metrics first in analytics order, unknown ones after by name', () => {
    expect(orderMetricNames(['zeta', 'sharpeRatio', 'alpha0', 'totalReturn'])).toEqual([
      'totalReturn',
      'sharpeRatio',
      'alpha0',
      'zeta',
    ]);
  });

  it('shows daily times as dates and intraday ones with the UTC time', () => {
    expect(formatTime('2021-03-04T00:00:00.000Z')).toBe('2021-03-04');
    expect(formatTime('2021-03-04T14:30:00.000Z')).toBe('2021-03-04 14:30');
    expect(formatTime('garbage')).toBe('garbage');
  });

  it('escapes HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});
