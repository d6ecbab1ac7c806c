/**
 * Pure helpers of the Optimise page: the grid specs sent to the API and the heatmap colours.
 */

export interface AxisFields {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly step: string;
}

/** NAME=FROM..TO:STEP as `microcap optimize --grid` takes it, or the problem with the fields. */
export function gridSpec(axis: AxisFields): { spec: string } | { error: string } {
  if (axis.name === '') return { error: 'choose a parameter' };
  const [from, to, step] = [axis.from, axis.to, axis.step].map((t) => Number(t.trim()));
  if ([axis.from, axis.to, axis.step].some((t) => t.trim() === '')) {
    return { error: 'from, to and step are required' };
  }
  if (![from, to, step].every(Number.isFinite)) return { error: 'from, to and step are numbers' };
  if (step <= 0) return { error: 'step must be positive' };
  if (to < from) return { error: 'to must not be below from' };
  const points = Math.floor((to - from) / step + 1e-9) + 1;
  if (points > 1000) return { error: `${points} values on one axis (at most 1000)` };
  return { spec: `${axis.name}=${axis.from.trim()}..${axis.to.trim()}:${axis.step.trim()}` };
}

/** Values on the axis the spec describes (for the trial count shown before submitting). */
export function axisSize(axis: AxisFields): number {
  const spec = gridSpec(axis);
  if ('error' in spec) return 0;
  return Math.floor((Number(axis.to) - Number(axis.from)) / Number(axis.step) + 1e-9) + 1;
}

/**
 * A diverging colour for a heatmap cell: red below zero, green above, scaled by the largest
 * absolute value so the best cell is the most saturated; grey where no valid trial exists.
 */
export function heatColor(value: number | null, maxAbs: number): string {
  if (value === null || !Number.isFinite(value)) return 'rgb(224, 224, 224)';
  const strength = maxAbs > 0 ? Math.min(1, Math.abs(value) / maxAbs) : 0;
  const fade = Math.round(255 - strength * 175);
  return value >= 0 ? `rgb(${fade}, 255, ${fade})` : `rgb(255, ${fade}, ${fade})`;
}

/** The largest |value| among the cells (0 when none is a number). */
export function maxAbsCell(cells: readonly (readonly (number | null)[])[]): number {
  let max = 0;
  for (const row of cells) {
    for (const value of row) {
      if (value !== null && Number.isFinite(value)) max = Math.max(max, Math.abs(value));
    }
  }
  return max;
}
