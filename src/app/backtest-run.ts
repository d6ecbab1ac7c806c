import { computeMetrics, equalWeightBuyAndHold } from '../analytics/index.ts';
import {
  defaultBacktestConfig,
  defaultCosts,
  formatSizingRule,
  noCosts,
  parseCommissionSpec,
  parseSizingSpec,
  runBacktest,
  validateBacktestConfig,
  type BacktestConfig,
  type BacktestRun,
  type CostConfig,
} from '../backtest/index.ts';
import type { BacktestResultJson, EquityPointJson, TradeJson } from '../backtest/result.ts';
import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { toIsoDate, toIsoTime } from '../domain/time.ts';
import { createStrategy } from '../strategies/registry.ts';
import { closesOnCalendar, isDailyCalendar } from './align.ts';
import { loadBacktestData, type DataSelection } from './backtest-data.ts';
import { DEFAULT_DEMO_SEED } from '../market-data/demo.ts';
import { basename } from 'node:path';

/** Everything a backtest needs, as the CLI flags and the API body name it. */
export interface BacktestRequest {
  readonly strategy: string;
  readonly params?: Readonly<Record<string, string | number | boolean>>;
  readonly data: DataSelection;
  readonly from?: string;
  readonly to?: string;
  readonly cash?: number;
  /** all-in | percent:N | shares:N | risk:N */
  readonly sizing?: string;
  readonly costs?: 'default' | 'none';
  /** A commission spec (zero, us-broker, per-share:…, percent:N, fixed:N). */
  readonly commission?: string;
  readonly slippageBps?: number;
  readonly spreadBps?: number;
  readonly participation?: number;
  /** A CSV file or a stored symbol; demo runs default to the synthetic index. */
  readonly benchmark?: string;
  readonly allowShort?: boolean;
  /** Annual risk-free rate as a fraction (default 0). */
  readonly riskFreeRate?: number;
}

export interface BacktestOutcome {
  readonly result: BacktestResultJson;
  readonly series: readonly BarSeries[];
  readonly benchmark: BarSeries | null;
  /** The benchmark's closes on the run's calendar (days it did not trade left out). */
  readonly benchmarkCurve: { symbol: string; equity: EquityPointJson[] } | null;
  readonly run: BacktestRun;
}

/** Loads the data the request names, runs the backtest and assembles the contract JSON. */
export async function runBacktestRequest(request: BacktestRequest): Promise<BacktestOutcome> {
  // Validate the strategy and its parameters before any I/O, so bad input fails fast.
  const { definition } = createStrategy(request.strategy, request.params ?? {});
  const config = buildConfig(request);
  const data = await loadBacktestData(
    request.data,
    { from: request.from, to: request.to },
    request.benchmark,
  );
  return runBacktestOnSeries(
    definition.id,
    request,
    config,
    data.series,
    data.benchmark,
    data.synthetic,
  );
}

/** The pure part: same series and request give byte-identical results. */
export function runBacktestOnSeries(
  strategyId: string,
  request: BacktestRequest,
  config: BacktestConfig,
  series: readonly BarSeries[],
  benchmark: BarSeries | null,
  synthetic: boolean,
): BacktestOutcome {
  const raw = request.params ?? {};
  const { params } = createStrategy(strategyId, raw);
  // One fresh instance per symbol: strategies keep per-series state.
  const run = runBacktest({
    series,
    createStrategy: () => createStrategy(strategyId, raw).strategy,
    config,
  });
  const calendar = run.times;
  const benchmarkCloses = benchmark ? closesOnCalendar(benchmark, calendar) : undefined;
  const buyAndHold = equalWeightBuyAndHold(series.map((s) => closesOnCalendar(s, calendar)));
  const metrics = computeMetrics({
    times: calendar,
    equity: run.equity,
    trades: run.trades,
    initialCapital: run.initialCapital,
    exposure: run.exposure,
    benchmark: benchmarkCloses,
    riskFreeRate: request.riskFreeRate ?? 0,
    costs: run.totals,
    tradedValue: run.totals.tradedValue,
    buyAndHold,
  });
  const daily = isDailyCalendar(calendar);
  const time = daily ? toIsoDate : toIsoTime;
  const trades: TradeJson[] = run.trades.map((t) => ({
    symbol: t.symbol,
    side: t.side,
    entryTime: time(t.entryTime),
    entryPrice: t.entryPrice,
    exitTime: time(t.exitTime),
    exitPrice: t.exitPrice,
    quantity: t.quantity,
    pnl: t.pnl,
    returnPct: t.returnPct,
    commission: t.commission,
    slippage: t.slippage,
    spread: t.spread,
    barsHeld: t.barsHeld,
    entryReason: t.entryReason,
    exitReason: t.exitReason,
  }));
  const equity = Array.from(calendar, (t, i) => ({ time: time(t), value: run.equity[i] }));
  const result: BacktestResultJson = {
    strategy: strategyId,
    params,
    symbols: series.map((s) => s.symbol),
    start: time(calendar[0]),
    end: time(calendar[calendar.length - 1]),
    initialCapital: run.initialCapital,
    finalValue: run.finalValue,
    synthetic,
    settings: {
      sizing: formatSizingRule(config.sizing),
      costs: config.costs,
      allowShort: config.allowShort,
      borrowFeeBps: config.borrowFeeBps,
      riskFreeRate: request.riskFreeRate ?? 0,
      benchmark: benchmark?.symbol ?? null,
      data: describeData(request.data),
      totals: run.totals,
      rejectedOrders: run.orderLog.filter((e) => e.kind === 'rejected').length,
    },
    metrics,
    trades,
    equity,
  };
  const benchmarkCurve =
    benchmark && benchmarkCloses
      ? {
          symbol: benchmark.symbol,
          equity: Array.from(calendar, (t, i) => ({
            time: time(t),
            value: benchmarkCloses[i],
          })).filter((point) => Number.isFinite(point.value)),
        }
      : null;
  return { result, series, benchmark, benchmarkCurve, run };
}

/** Where the bars came from, recorded so a stored result can be re-rendered with its bars. */
function describeData(data: DataSelection): Record<string, unknown> {
  if (data.kind === 'demo') return { kind: 'demo', seed: data.seed ?? DEFAULT_DEMO_SEED };
  if (data.kind === 'symbols') return { kind: 'symbols', symbols: [...data.symbols] };
  return { kind: 'files', files: data.paths.map((path) => basename(path)) };
}

/** Turns the request's cost, sizing and capital settings into an engine config. */
export function buildConfig(request: BacktestRequest): BacktestConfig {
  const base = defaultBacktestConfig(request.cash ?? 10_000);
  let costs: CostConfig = request.costs === 'none' ? noCosts() : defaultCosts();
  if (request.costs !== undefined && request.costs !== 'none' && request.costs !== 'default') {
    throw new InputError('costs', request.costs, 'expected default or none');
  }
  if (request.commission !== undefined) {
    costs = { ...costs, commission: parseCommissionSpec(request.commission) };
  }
  if (request.slippageBps !== undefined) {
    checkNonNegative('slippage-bps', request.slippageBps);
    costs = { ...costs, slippage: { ...costs.slippage, fixedBps: request.slippageBps } };
  }
  if (request.spreadBps !== undefined) {
    checkNonNegative('spread-bps', request.spreadBps);
    costs = { ...costs, spread: { kind: 'fixed', bps: request.spreadBps } };
  }
  if (request.participation !== undefined) {
    const p = request.participation;
    if (!(p > 0 && p <= 1))
      throw new InputError('participation', p, 'must be a fraction in (0, 1]');
    costs = { ...costs, participation: p };
  }
  const rf = request.riskFreeRate;
  if (rf !== undefined && !(Number.isFinite(rf) && rf > -1 && rf < 1)) {
    throw new InputError('risk-free', rf, 'must be an annual fraction such as 0.04');
  }
  const config: BacktestConfig = {
    ...base,
    sizing: request.sizing === undefined ? base.sizing : parseSizingSpec(request.sizing),
    costs,
    allowShort: request.allowShort ?? false,
  };
  validateBacktestConfig(config);
  return config;
}

function checkNonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new InputError(field, value, 'must be a non-negative number');
  }
}
