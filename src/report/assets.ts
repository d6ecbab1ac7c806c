import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The two chart libraries, read from node_modules once and inlined into every report, so a
 * report opens from disk with no network. Chart.js 4 (UMD, global `Chart`) draws the equity and
 * drawdown charts; lightweight-charts 5 (standalone, global `LightweightCharts`) draws candles.
 */
export interface ChartAssets {
  readonly chartJs: string;
  readonly lightweightCharts: string;
}

const require = createRequire(import.meta.url);
let cached: ChartAssets | undefined;

/** Resolves a file in a package's folder even when its `exports` map does not list it. */
function packageFile(entry: string, ...rest: string[]): string {
  return join(dirname(require.resolve(entry)), ...rest);
}

/** Fails loudly if a library could end its inline <script> element early. */
export function checkInlinable(name: string, code: string): string {
  if (/<\/script|<!--/i.test(code)) {
    throw new Error(`${name} contains "</script" or "<!--" and cannot be inlined safely`);
  }
  return code;
}

export function loadChartAssets(): ChartAssets {
  if (cached) return cached;
  // chart.js resolves to dist/chart.cjs; the UMD build sits beside it.
  const chartJsPath = packageFile('chart.js', 'chart.umd.min.js');
  const lwcPath = packageFile(
    'lightweight-charts/package.json',
    'dist',
    'lightweight-charts.standalone.production.js',
  );
  cached = {
    chartJs: checkInlinable('chart.js', readFileSync(chartJsPath, 'utf8')),
    lightweightCharts: checkInlinable('lightweight-charts', readFileSync(lwcPath, 'utf8')),
  };
  return cached;
}
