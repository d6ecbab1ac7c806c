import { demoBenchmark, generateDemoUniverse } from '../market-data/demo.ts';
import type { Store } from '../store/database.ts';
import { MarketDataRepository } from '../store/repositories/market-data-repository.ts';

/** Source recorded on the demo bars, so they are never mistaken for real data. */
export const DEMO_SOURCE = 'synthetic-demo';

/**
 * First-run convenience for the embedded default: when the database holds no market data at
 * all, store the synthetic demo universe (every symbol `SYN-…`) and its index `SYN-INDEX`, so
 * the dashboard has something to chart and backtest. Returns the number of series stored (0 when
 * data was already there). Idempotent: the upserts change nothing on a second call.
 */
export async function loadDemoDataIfEmpty(store: Store): Promise<number> {
  const repository = new MarketDataRepository(store);
  if ((await repository.countBars()) > 0) return 0;
  const universe = generateDemoUniverse();
  const series = [...universe.series, demoBenchmark(universe)];
  for (const s of series) await repository.upsertBars(s.symbol, s, DEMO_SOURCE);
  return series.length;
}
