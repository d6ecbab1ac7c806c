import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { parseObjective, type ObjectiveInputs } from './objective.ts';

const inputs: ObjectiveInputs = {
  sharpe: 1.5,
  sortino: 2,
  calmar: 0.8,
  return: 0.25,
  cagr: 0.1,
  maxDrawdown: 0.2,
  volatility: 0.3,
  trades: 16,
  winRate: 0.55,
  exposure: 0.6,
};

describe('objective formulas', () => {
  it.each([
    ['sharpe', 1.5],
    ['Sharpe', 1.5],
    ['sortinoRatio', 2],
    ['totalReturn', 0.25],
    ['return', 0.25],
    ['sharpe - 0.5 * maxDrawdown', 1.4],
    ['(sharpe + sortino) / 2', 1.75],
    ['-maxDrawdown', -0.2],
    ['- -sharpe', 1.5],
    ['sharpe * sqrt(trades)', 6],
    ['min(sharpe, sortino, calmar)', 0.8],
    ['max(sharpe, sortino)', 2],
    ['abs(0 - cagr)', 0.1],
    ['log(1 + return)', Math.log(1.25)],
    ['2 * 3 + 4', 10],
    ['2 * (3 + 4)', 14],
    ['10 / 4 / 5', 0.5],
    ['1e-1 * trades', 1.6],
    ['calmar/maxDrawdown', 4],
  ])('%s = %d', (text, expected) => {
    expect(parseObjective(text).evaluate(inputs)).toBeCloseTo(expected, 12);
  });

  it('lists the metrics a formula reads', () => {
    expect(parseObjective('sharpe - 0.5 * maxDrawdown + sharpe').metrics).toEqual([
      'sharpe',
      'maxDrawdown',
    ]);
  });

  it('gives NaN when an input is undefined, so the trial ranks last', () => {
    expect(parseObjective('winRate * 2').evaluate({ ...inputs, winRate: NaN })).toBeNaN();
  });

  it.each([
    ['', 'is empty'],
    ['profit', 'unknown metric "profit"'],
    ['sharpe +', 'ends too early'],
    ['sharpe sortino', 'unexpected "sortino" at position 7'],
    ['(sharpe', 'expected ")"'],
    ['sharpe)', 'unexpected ")"'],
    ['process.exit(1)', 'unexpected character "."'],
    ['eval(sharpe)', 'unknown function "eval"'],
    ['sqrt(sharpe, sortino)', 'sqrt takes 1 argument(s), got 2'],
    ['min(sharpe)', 'min takes 2 to 8 argument(s), got 1'],
    ['sharpe; 1', 'unexpected character ";"'],
    ['x'.repeat(201), 'longer than 200'],
  ])('rejects %j with an InputError on the objective', (text, problem) => {
    let error: unknown;
    try {
      parseObjective(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe('objective');
    expect((error as InputError).message).toContain(problem);
  });
});
