import { describe, expect, it } from 'vitest';
import { defaultBacktestConfig, runBacktest } from '../backtest/index.ts';
import { loadCsvFile } from '../market-data/csv.ts';
import { createStrategy } from '../strategies/registry.ts';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { strategyFactory } from './cached-strategies.ts';
import { IndicatorCache } from './indicator-cache.ts';

describe('cached ma-crossover', () => {
  it('trades exactly like the registered strategy', async () => {
    const series = await loadCsvFile(sharedDataPath('orcl-2003-2005.txt'));
    const cache = new IndicatorCache();
    for (const allowShort of [false, true]) {
      const config = { ...defaultBacktestConfig(10_000), allowShort };
      for (const params of [
        { type: 'sma', fast: 5, slow: 20 },
        { type: 'sma', fast: 10, slow: 50 },
        { type: 'ema', fast: 8, slow: 21 },
        { type: 'ema', fast: 5, slow: 20 },
      ]) {
        const reference = runBacktest({
          series: [series],
          createStrategy: () => createStrategy('ma-crossover', params).strategy,
          config,
        });
        const cached = runBacktest({
          series: [series],
          createStrategy: strategyFactory('ma-crossover', params, cache),
          config,
        });
        expect(reference.trades.length).toBeGreaterThan(2);
        expect(cached.trades).toEqual(reference.trades);
        expect(cached.equity).toEqual(reference.equity);
      }
    }
  });

  it('reuses indicator arrays across parameter sets that share a period', () => {
    const cache = new IndicatorCache();
    const close = Float64Array.from({ length: 100 }, (_, i) => 10 + Math.sin(i / 5));
    const a = cache.get('sma', close, 20);
    const b = cache.get('sma', close, 20);
    const c = cache.get('ema', close, 20);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(cache.stats).toEqual({ hits: 1, misses: 2 });
  });

  it('falls back to the registry for strategies without a cached variant', () => {
    const make = strategyFactory('rsi', {}, new IndicatorCache());
    expect(typeof make().onBar).toBe('function');
  });
});
