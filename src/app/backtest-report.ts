import type { BacktestResultJson, EquityPointJson } from '../backtest/result.ts';
import { rangeBarSeries, type BarSeries } from '../domain/bars.ts';
import { parseIsoDate } from '../domain/time.ts';
import { DEMO_INDEX_SYMBOL, demoBenchmark, generateDemoUniverse } from '../market-data/demo.ts';
import type { HtmlReportInput } from '../report/html.ts';
import type { Store } from '../store/database.ts';
import { MarketDataRepository } from '../store/repositories/market-data-repository.ts';
import { closesOnCalendar } from './align.ts';

/** Epoch ms of a result time (YYYY-MM-DD for daily runs, full ISO otherwise). */
function resultTime(text: string): number {
  return text.length === 10 ? parseIsoDate(text) : Date.parse(text);
}

/**
 * Everything `renderHtmlReport` needs for a stored result: its bars and benchmark curve, taken
 * from where the run took them (the demo universe regenerated from its recorded seed, or the
 * stored market data), restricted to the run's period.
 */
export async function reportInputForStoredResult(
  store: Store,
  result: BacktestResultJson,
): Promise<HtmlReportInput> {
  const from = resultTime(result.start);
  const to = resultTime(result.end);
  const data = result.settings.data as { kind?: string; seed?: number } | undefined;
  const benchmarkSymbol = result.settings.benchmark as string | null | undefined;
  const repository = new MarketDataRepository(store);

  let bars: BarSeries[];
  let benchmark: BarSeries | null = null;
  if (data?.kind === 'demo') {
    const universe = generateDemoUniverse(data.seed === undefined ? {} : { seed: data.seed });
    const wanted = new Set(result.symbols);
    bars = universe.series.filter((s) => wanted.has(s.symbol));
    if (benchmarkSymbol === DEMO_INDEX_SYMBOL) benchmark = demoBenchmark(universe);
  } else {
    bars = [];
    for (const symbol of result.symbols) {
      const series = await repository.getBars(symbol, from, to);
      if (series.length > 0) bars.push(series);
    }
  }
  if (benchmark === null && benchmarkSymbol) {
    const series = await repository.getBars(benchmarkSymbol, from, to);
    if (series.length > 0) benchmark = series;
  }
  bars = bars.map((s) => rangeBarSeries(s, from, to));

  let benchmarkCurve: { symbol: string; equity: EquityPointJson[] } | undefined;
  if (benchmark) {
    const calendar = Float64Array.from(result.equity, (p) => resultTime(p.time));
    const closes = closesOnCalendar(benchmark, calendar);
    benchmarkCurve = {
      symbol: benchmark.symbol,
      equity: result.equity
        .map((p, i) => ({ time: p.time, value: closes[i] }))
        .filter((p) => Number.isFinite(p.value)),
    };
  }
  return { result, bars, benchmark: benchmarkCurve };
}
