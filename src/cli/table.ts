/** Left-aligned text columns separated by two spaces (numeric columns may be right-aligned). */
export function textTable(
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number> = new Set(),
): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) =>
          rightAligned.has(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
