import { createBarSeries, type BarSeries } from '../src/domain/bars.ts';
import { sma } from '../src/indicators/sma.ts';
import { defaultCosts, runBacktest, type BacktestConfig } from '../src/backtest/index.ts';
import type { Intent, Strategy, StrategyContext } from '../src/strategies/types.ts';
import { formatRate } from './machine.ts';

/**
 * Engine throughput with full costs (commission, fixed + square-root impact slippage,
 * Corwin-Schultz spread, 10 % volume cap). Targets: >= 5 M bar-events/s for one symbol with a
 * moving-average crossover; 2,000 symbols x 2,520 days (about 5 M bars) in < 3 s.
 */

const DAY = 86_400_000;

/**
 * Best wall time and best CPU time (user + system) of `runs` calls. On a shared, loaded machine
 * the CPU time is the steadier figure; both are printed.
 */
function measure(fn: () => void, runs: number): { wallMs: number; cpuMs: number } {
  let wallMs = Infinity;
  let cpuMs = Infinity;
  for (let r = 0; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    wallMs = Math.min(wallMs, wall);
    cpuMs = Math.min(cpuMs, (cpu.user + cpu.system) / 1000);
  }
  return { wallMs, cpuMs };
}

function figures(bars: number, m: { wallMs: number; cpuMs: number }): string {
  return (
    `wall ${m.wallMs.toFixed(0)} ms (${formatRate(bars, m.wallMs, 'bar-events')}), ` +
    `cpu ${m.cpuMs.toFixed(0)} ms (${formatRate(bars, m.cpuMs, 'bar-events')})`
  );
}

/** A deterministic random walk with a range and volume (xorshift32, fixed seed). */
function syntheticSeries(symbol: string, bars: number, seed: number): BarSeries {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4_294_967_296;
  };
  const time = new Float64Array(bars);
  const open = new Float64Array(bars);
  const high = new Float64Array(bars);
  const low = new Float64Array(bars);
  const close = new Float64Array(bars);
  const volume = new Float64Array(bars);
  let price = 5 + 20 * next();
  for (let i = 0; i < bars; i++) {
    const o = price * (1 + (next() - 0.5) * 0.01);
    const c = o * (1 + (next() - 0.5) * 0.06);
    time[i] = Date.UTC(2000, 0, 3) + i * DAY;
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + next() * 0.02);
    low[i] = Math.min(o, c) * (1 - next() * 0.02);
    volume[i] = Math.floor(20_000 + next() * 200_000);
    price = Math.max(0.5, c);
  }
  return createBarSeries(symbol, { time, open, high, low, close, volume });
}

class Crossover implements Strategy {
  #fast: Float64Array = new Float64Array(0);
  #slow: Float64Array = new Float64Array(0);
  readonly #enter: Intent = { kind: 'enter', side: 'long', reason: 'fast above slow' };
  readonly #exit: Intent = { kind: 'exit', reason: 'fast below slow' };

  init(bars: BarSeries): void {
    this.#fast = sma(bars.close, 10);
    this.#slow = sma(bars.close, 30);
  }

  onBar(ctx: StrategyContext): Intent | null {
    const i = ctx.index;
    if (i === 0) return null;
    const above = this.#fast[i] > this.#slow[i];
    const wasAbove = this.#fast[i - 1] > this.#slow[i - 1];
    if (above && !wasAbove && ctx.position === 0) return this.#enter;
    if (!above && wasAbove && ctx.position > 0) return this.#exit;
    return null;
  }
}

function config(): BacktestConfig {
  return {
    initialCapital: 100_000,
    sizing: { kind: 'percent', percent: 5 },
    costs: defaultCosts(),
    allowShort: false,
    borrowFeeBps: 0,
  };
}

export async function run(): Promise<void> {
  const single = [syntheticSeries('SYN', 1_000_000, 7)];
  let trades = 0;
  const one = measure(() => {
    trades = runBacktest({
      series: single,
      createStrategy: () => new Crossover(),
      config: config(),
    }).trades.length;
  }, 7);
  console.log(
    `one symbol, 1,000,000 bars, SMA 10/30 crossover, full costs (${trades} trades; target >= 5 M/s):\n  ` +
      figures(1_000_000, one),
  );

  const symbols = 2000;
  const days = 2520;
  const universe = Array.from({ length: symbols }, (_, k) => syntheticSeries(`S${k}`, days, 1 + k));
  let fills = 0;
  const many = measure(() => {
    fills = runBacktest({
      series: universe,
      createStrategy: () => new Crossover(),
      config: config(),
    }).fills.length;
  }, 3);
  const bars = symbols * days;
  console.log(
    `${symbols} symbols x ${days} days (${(bars / 1e6).toFixed(2)} M bars), full costs ` +
      `(${fills} fills; target < 3 s):\n  ` +
      figures(bars, many),
  );
}
