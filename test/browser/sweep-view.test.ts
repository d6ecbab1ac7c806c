import { describe, expect, it } from 'vitest';
import { axisSize, gridSpec, heatColor, maxAbsCell } from '../../web/src/lib/sweep-view.ts';

describe('Optimise page helpers', () => {
  it('builds the CLI grid spec from the axis fields', () => {
    expect(gridSpec({ name: 'fast', from: '5', to: '50', step: '5' })).toEqual({
      spec: 'fast=5..50:5',
    });
    expect(axisSize({ name: 'fast', from: '5', to: '50', step: '5' })).toBe(10);
    expect(axisSize({ name: 'x', from: '0.1', to: '0.5', step: '0.1' })).toBe(5);
  });

  it('names the problem with bad axis fields', () => {
    expect(gridSpec({ name: '', from: '1', to: '2', step: '1' })).toEqual({
      error: 'choose a parameter',
    });
    expect(gridSpec({ name: 'a', from: '5', to: '1', step: '1' })).toEqual({
      error: 'to must not be below from',
    });
    expect(gridSpec({ name: 'a', from: '1', to: '5', step: '0' })).toEqual({
      error: 'step must be positive',
    });
    expect(gridSpec({ name: 'a', from: 'x', to: '5', step: '1' })).toEqual({
      error: 'from, to and step are numbers',
    });
    expect(gridSpec({ name: 'a', from: '0', to: '5000', step: '1' })).toHaveProperty('error');
    expect(axisSize({ name: 'a', from: '5', to: '1', step: '1' })).toBe(0);
  });

  it('colours cells green above zero, red below, grey when empty', () => {
    expect(
      maxAbsCell([
        [1, null],
        [-2, 0.5],
      ]),
    ).toBe(2);
    expect(heatColor(2, 2)).toBe('rgb(80, 255, 80)');
    expect(heatColor(-2, 2)).toBe('rgb(255, 80, 80)');
    expect(heatColor(0, 2)).toBe('rgb(255, 255, 255)');
    expect(heatColor(null, 2)).toBe('rgb(224, 224, 224)');
  });
});
