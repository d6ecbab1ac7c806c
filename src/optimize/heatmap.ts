import type { TrialOutcome } from './evaluate.ts';
import type { ParamAxis, ParamValue } from './space.ts';

/** The objective over two swept parameters (rows: y, columns: x). */
export interface Heatmap {
  readonly x: { readonly name: string; readonly values: readonly ParamValue[] };
  readonly y: { readonly name: string; readonly values: readonly ParamValue[] };
  /**
   * cells[row][column]: the best objective among trials with that x and y (other swept
   * parameters vary); null where no valid trial exists (e.g. fast >= slow).
   */
  readonly cells: readonly (readonly (number | null)[])[];
}

/** Builds the heatmap of the first two axes (or the two named); null with fewer than 2 axes. */
export function buildHeatmap(
  outcomes: readonly TrialOutcome[],
  axes: readonly ParamAxis[],
  names?: readonly [string, string],
): Heatmap | null {
  const xAxis = names ? axes.find((a) => a.name === names[0]) : axes[0];
  const yAxis = names ? axes.find((a) => a.name === names[1]) : axes[1];
  if (!xAxis || !yAxis || xAxis === yAxis) return null;
  const xIndex = new Map(xAxis.values.map((v, i) => [String(v), i]));
  const yIndex = new Map(yAxis.values.map((v, i) => [String(v), i]));
  const cells: (number | null)[][] = yAxis.values.map(() => xAxis.values.map(() => null));
  for (const o of outcomes) {
    const col = xIndex.get(String(o.params[xAxis.name]));
    const row = yIndex.get(String(o.params[yAxis.name]));
    if (col === undefined || row === undefined || o.objective === null) continue;
    const current = cells[row][col];
    if (current === null || o.objective > current) cells[row][col] = o.objective;
  }
  return {
    x: { name: xAxis.name, values: xAxis.values },
    y: { name: yAxis.name, values: yAxis.values },
    cells,
  };
}

const SHADES = ' .:-=+*#%@';

/** A terminal rendering: one character per cell from low (' ') to high ('@'), '?' for none. */
export function renderHeatmapText(heatmap: Heatmap): string {
  const values = heatmap.cells.flat().filter((v): v is number => v !== null);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 0;
  const label = (v: ParamValue) => String(v);
  const width = Math.max(...heatmap.y.values.map((v) => label(v).length), heatmap.y.name.length);
  const lines = [`${heatmap.y.name.padStart(width)} \\ ${heatmap.x.name} →`];
  heatmap.cells.forEach((row, r) => {
    const cells = row
      .map((v) => {
        if (v === null) return '?';
        const t = hi > lo ? (v - lo) / (hi - lo) : 1;
        return SHADES[Math.min(SHADES.length - 1, Math.floor(t * SHADES.length))];
      })
      .join('');
    lines.push(`${label(heatmap.y.values[r]).padStart(width)} | ${cells}`);
  });
  const first = label(heatmap.x.values[0]);
  const last = label(heatmap.x.values[heatmap.x.values.length - 1]);
  lines.push(
    `${''.padStart(width)}   ${first} … ${last}   (${lo.toFixed(3)} ' ' … '@' ${hi.toFixed(3)}, ? = none)`,
  );
  return lines.join('\n');
}
