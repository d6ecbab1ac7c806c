import { describe, expect, it } from 'vitest';
import { parseParamValues } from './params.ts';
import { pivotPointStrategy } from './pivot-point.ts';
import { replayStrategy } from './testing/driver.ts';
import { dailyBars, intentAt, summarize, type BarSpec } from './testing/fixtures.ts';

// Bar 0: H 11, L 9, C 10 -> classic levels for bar 1: P 10, R1 11, S1 9, R2 12.
// Bar 1: H 10.8, L 10.2, C 10.5 -> levels for bar 2: P 10.5, R1 10.8, S1 10.2, R2 11.1.
const specs: BarSpec[] = [
  { o: 10, h: 11, l: 9, c: 10 },
  { o: 10.3, h: 10.8, l: 10.2, c: 10.5 },
  { o: 10.6, h: 11.05, l: 10.5, c: 11 },
  { o: 11, h: 11.05, l: 10.9, c: 11 },
];

function run(raw: Record<string, string | boolean>, bars = dailyBars(specs)) {
  const params = parseParamValues(pivotPointStrategy, { period: 'day', ...raw });
  return replayStrategy(pivotPointStrategy.create(params), bars);
}

describe('pivot-point', () => {
  it("buys the break above the previous day's pivot with stop S1 and target R2", () => {
    const result = run({});
    expect(summarize(result)).toEqual(['1:enter:long']);
    const entry = intentAt(result, 1, 'enter');
    expect(entry.stopLoss).toBeCloseTo(9, 12);
    expect(entry.takeProfit).toBeCloseTo(12, 12);
  });

  it('trigger=r1 waits for the break above R1; target=false sets no take-profit', () => {
    const result = run({ trigger: 'r1', target: false });
    expect(summarize(result)).toEqual(['2:enter:long']);
    const entry = intentAt(result, 2, 'enter');
    expect(entry.stopLoss).toBeCloseTo(10.2, 12);
    expect(entry.takeProfit).toBeUndefined();
  });

  it('weekly levels exist only after the first week has completed', () => {
    // Bars 0-6 are Monday to Sunday of the first week; bar 7 opens week two.
    const closes = [10, 10.5, 11, 10.5, 10, 9.5, 9, 8.5, 10.5, 10.6];
    const result = run({ period: 'week' }, dailyBars(closes));
    // Week one: H 11.5, L 8.5, C 9 -> pivot 9.67; bar 8 crosses above it from 8.5.
    expect(summarize(result)).toEqual(['8:enter:long']);
  });
});
