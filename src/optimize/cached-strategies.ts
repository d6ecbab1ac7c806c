import type { BarSeries } from '../domain/bars.ts';
import { createStrategy } from '../strategies/registry.ts';
import { crossAbove, crossBelow } from '../strategies/signals.ts';
import type { Intent, Strategy, StrategyContext } from '../strategies/types.ts';
import type { IndicatorCache } from './indicator-cache.ts';
import type { ParamSet } from './space.ts';

/**
 * Strategies whose indicators can come from a sweep's IndicatorCache. Each one mirrors the
 * registered strategy's rules exactly (cached-strategies.test.ts checks that trades and equity
 * are identical); strategies without an entry here are built through the registry and compute
 * their own indicators.
 */
type CachedFactory = (params: ParamSet, cache: IndicatorCache) => Strategy;

class CachedMaCrossover implements Strategy {
  readonly #kind: 'sma' | 'ema';
  readonly #fastPeriod: number;
  readonly #slowPeriod: number;
  readonly #cache: IndicatorCache;
  readonly #label: string;
  #fast: Float64Array = new Float64Array(0);
  #slow: Float64Array = new Float64Array(0);

  constructor(params: ParamSet, cache: IndicatorCache) {
    this.#kind = params.type === 'ema' ? 'ema' : 'sma';
    this.#fastPeriod = Number(params.fast);
    this.#slowPeriod = Number(params.slow);
    this.#cache = cache;
    this.#label = `${this.#kind.toUpperCase()}(${this.#fastPeriod}/${this.#slowPeriod})`;
  }

  init(bars: BarSeries): void {
    this.#fast = this.#cache.get(this.#kind, bars.close, this.#fastPeriod);
    this.#slow = this.#cache.get(this.#kind, bars.close, this.#slowPeriod);
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    if (crossAbove(this.#fast, this.#slow, i) && ctx.position <= 0) {
      return { kind: 'enter', side: 'long', reason: `${this.#label} crossed above` };
    }
    if (crossBelow(this.#fast, this.#slow, i)) {
      if (ctx.allowShort && ctx.position >= 0) {
        return { kind: 'enter', side: 'short', reason: `${this.#label} crossed below` };
      }
      if (ctx.position > 0) return { kind: 'exit', reason: `${this.#label} crossed below` };
    }
    return null;
  }
}

const CACHED: Readonly<Record<string, CachedFactory>> = {
  'ma-crossover': (params, cache) => new CachedMaCrossover(params, cache),
};

/** Whether `strategyId` reuses cached indicators in sweeps. */
export function hasCachedStrategy(strategyId: string): boolean {
  return strategyId in CACHED;
}

/**
 * A factory of fresh strategy instances for one validated parameter set: the cached variant
 * when there is one, else the registry's.
 */
export function strategyFactory(
  strategyId: string,
  params: ParamSet,
  cache: IndicatorCache,
): () => Strategy {
  const cached = CACHED[strategyId];
  if (cached) return () => cached(params, cache);
  return () => createStrategy(strategyId, params).strategy;
}
