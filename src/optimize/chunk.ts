import { loadBacktestData } from '../app/backtest-data.ts';
import { buildConfig } from '../app/backtest-run.ts';
import type { BarSeries } from '../domain/bars.ts';
import { createEvaluationContext, evaluateTrials, WindowedSeries } from './evaluate.ts';
import type { EvaluationContext, TimeWindow, TrialOutcome } from './evaluate.ts';
import { parseObjective } from './objective.ts';
import type { Trial } from './space.ts';
import type { SweepSpec } from './spec.ts';

/** One unit of sweep work: some trials of a spec on one window of its data. */
export interface ChunkPayload {
  readonly spec: SweepSpec;
  readonly trials: readonly Trial[];
  readonly window: TimeWindow | null;
  readonly blockSize: number;
}

interface SpecState {
  readonly context: EvaluationContext;
  readonly windows: WindowedSeries;
}

/**
 * Evaluates chunks in a worker (thread, process or machine). It keeps, per sweep spec, the
 * evaluation context, its indicator cache and the window slices, so consecutive chunks of one
 * sweep reuse indicator arrays instead of recomputing them.
 */
export class ChunkRunner {
  readonly #states = new Map<string, SpecState>();
  readonly #worker: string | undefined;

  constructor(worker?: string) {
    this.#worker = worker;
  }

  run(payload: ChunkPayload, series: readonly BarSeries[]): TrialOutcome[] {
    const state = this.#state(payload, series);
    const windowed = state.windows.get(payload.window);
    return evaluateTrials(state.context, payload.trials, windowed, payload.window, this.#worker);
  }

  #state(payload: ChunkPayload, series: readonly BarSeries[]): SpecState {
    const key = `${payload.blockSize}|${JSON.stringify(payload.spec)}`;
    let state = this.#states.get(key);
    if (!state) {
      const { spec } = payload;
      const context = createEvaluationContext({
        strategy: spec.strategy,
        series,
        config: buildConfig({ strategy: spec.strategy, data: spec.data, ...spec.backtest }),
        objective: parseObjective(spec.objective ?? 'sharpe'),
        riskFreeRate: spec.backtest?.riskFreeRate ?? 0,
        blockSize: payload.blockSize,
      });
      state = { context, windows: new WindowedSeries(series) };
      // A worker serves one or a few sweeps at a time; keep the newest few.
      if (this.#states.size >= 4) this.#states.delete(this.#states.keys().next().value as string);
      this.#states.set(key, state);
    }
    return state;
  }
}

/** Loads a spec's bars once per process (queue workers receive only the data selection). */
export class SeriesLoader {
  readonly #loaded = new Map<string, Promise<BarSeries[]>>();

  load(spec: SweepSpec): Promise<BarSeries[]> {
    const key = JSON.stringify([spec.data, spec.from ?? null, spec.to ?? null]);
    let pending = this.#loaded.get(key);
    if (!pending) {
      pending = loadBacktestData(spec.data, { from: spec.from, to: spec.to }).then((d) => d.series);
      pending.catch(() => this.#loaded.delete(key));
      if (this.#loaded.size >= 4) this.#loaded.delete(this.#loaded.keys().next().value as string);
      this.#loaded.set(key, pending);
    }
    return pending;
  }
}
