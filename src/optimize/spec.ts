import { buildConfig, type BacktestRequest } from '../app/backtest-run.ts';
import type { DataSelection } from '../app/backtest-data.ts';
import type { BacktestConfig } from '../backtest/index.ts';
import { InputError } from '../domain/errors.ts';
import { getStrategy, type AnyStrategyDefinition } from '../strategies/registry.ts';
import { parseObjective, type Objective } from './objective.ts';
import { gridSearch, parseGrid, randomSearch, type ParamAxis, type SearchSpace } from './space.ts';

/** Engine settings a sweep shares with `microcap backtest` (same names, same meaning). */
export type SweepBacktestSettings = Pick<
  BacktestRequest,
  | 'cash'
  | 'sizing'
  | 'costs'
  | 'commission'
  | 'slippageBps'
  | 'spreadBps'
  | 'participation'
  | 'allowShort'
  | 'riskFreeRate'
>;

export interface WalkForwardSpec {
  /** In-sample window length in bars of the run's calendar. */
  readonly inSample: number;
  /** Out-of-sample window length in bars (also the step between windows). */
  readonly outOfSample: number;
  /** Anchored: every in-sample window starts at the first bar; rolling (default): it slides. */
  readonly anchored?: boolean;
}

/**
 * Everything a sweep needs, JSON-safe so it can travel as a job payload to any worker.
 * `grid` holds the CLI's `--grid` specs (NAME=START..END:STEP or NAME=A,B,C); `fixed` the
 * `--param` values held constant.
 */
export interface SweepSpec {
  readonly strategy: string;
  readonly data: DataSelection;
  readonly from?: string;
  readonly to?: string;
  readonly backtest?: SweepBacktestSettings;
  readonly grid: readonly string[];
  readonly fixed?: Readonly<Record<string, string>>;
  /** Sample this many points of the grid instead of trying all of them. */
  readonly random?: number;
  /** Seed of the random search (default 1). */
  readonly seed?: number;
  /** A metric name or formula (default sharpe); see objective.ts. */
  readonly objective?: string;
  readonly walkForward?: WalkForwardSpec;
  /** Trials per work unit (default 50); fixed so results never depend on the worker count. */
  readonly chunkSize?: number;
  /** Rows of the ranked table in the result (default 20; 0 = all). */
  readonly top?: number;
}

export interface PreparedSweep {
  readonly spec: SweepSpec;
  readonly definition: AnyStrategyDefinition;
  readonly axes: readonly ParamAxis[];
  readonly search: SearchSpace;
  readonly objective: Objective;
  readonly config: BacktestConfig;
  readonly riskFreeRate: number;
  readonly chunkSize: number;
}

/** Validates a spec and enumerates its trials (no data is loaded here). */
export function prepareSweep(spec: SweepSpec): PreparedSweep {
  const definition = getStrategy(spec.strategy);
  const fixedSpecs = Object.entries(spec.fixed ?? {}).map(([k, v]) => `${k}=${v}`);
  const axes = parseGrid(spec.grid, definition);
  const fixedAxes = fixedSpecs.length > 0 ? parseGrid(fixedSpecs, definition) : [];
  for (const axis of fixedAxes) {
    if (axes.some((a) => a.name === axis.name)) {
      throw new InputError('param', axis.name, 'is both swept (--grid) and fixed (--param)');
    }
  }
  const fixed = Object.fromEntries(fixedAxes.map((a) => [a.name, a.values[0]]));
  const seed = spec.seed ?? 1;
  if (!Number.isSafeInteger(seed))
    throw new InputError('seed', spec.seed, 'must be a whole number');
  const search =
    spec.random === undefined
      ? gridSearch(definition, axes, fixed)
      : randomSearch(definition, axes, spec.random, seed, fixed);
  const objective = parseObjective(spec.objective ?? 'sharpe');
  const config = buildConfig({ strategy: spec.strategy, data: spec.data, ...spec.backtest });
  const chunkSize = spec.chunkSize ?? 50;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new InputError('chunkSize', chunkSize, 'must be a whole number of at least 1');
  }
  if (spec.walkForward) checkWalkForward(spec.walkForward);
  return {
    spec,
    definition,
    axes,
    search,
    objective,
    config,
    riskFreeRate: spec.backtest?.riskFreeRate ?? 0,
    chunkSize,
  };
}

function checkWalkForward(wf: WalkForwardSpec): void {
  if (!Number.isInteger(wf.inSample) || wf.inSample < 20) {
    throw new InputError('walk-forward', wf.inSample, 'in-sample length must be at least 20 bars');
  }
  if (!Number.isInteger(wf.outOfSample) || wf.outOfSample < 5) {
    throw new InputError(
      'walk-forward',
      wf.outOfSample,
      'out-of-sample length must be at least 5 bars',
    );
  }
}

/**
 * Parses `--walk-forward IS:OOS[:anchored|rolling]` (lengths in bars), e.g. `504:126` or
 * `756:252:anchored`.
 */
export function parseWalkForward(text: string): WalkForwardSpec {
  const parts = text.split(':').map((p) => p.trim());
  const mode = parts[2]?.toLowerCase();
  if (
    parts.length < 2 ||
    parts.length > 3 ||
    (mode !== undefined && mode !== 'anchored' && mode !== 'rolling')
  ) {
    throw new InputError('walk-forward', text, 'expected IS:OOS or IS:OOS:anchored (bars)');
  }
  const [inSample, outOfSample] = parts.slice(0, 2).map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (!Number.isInteger(inSample) || !Number.isInteger(outOfSample)) {
    throw new InputError('walk-forward', text, 'window lengths must be whole numbers of bars');
  }
  const spec = { inSample, outOfSample, anchored: mode === 'anchored' };
  checkWalkForward(spec);
  return spec;
}
