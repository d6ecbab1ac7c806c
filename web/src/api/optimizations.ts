import type { JobJson, RunDataJson } from './endpoints.ts';
import { api } from './http.ts';

/**
 * The sweep API (src/server/routes/optimizations.ts) and the shape of its job result
 * (src/optimize/sweep.ts SweepResult), kept to the fields the Optimise page shows.
 */

export type SweepParamValue = string | number | boolean;

export interface OptimizationRequestBody {
  readonly strategy: string;
  readonly grid: readonly string[];
  readonly objective?: string;
  readonly random?: number;
  readonly seed?: number;
  readonly walkForward?: { inSample: number; outOfSample: number; anchored?: boolean };
  readonly data: RunDataJson;
  readonly from?: string;
  readonly to?: string;
  readonly cash?: number;
  readonly costs?: 'default' | 'none';
  readonly top?: number;
}

export interface RankedTrialJson {
  readonly rank: number;
  readonly index: number;
  readonly params: Readonly<Record<string, SweepParamValue>>;
  readonly objective: number | null;
  readonly metrics: Readonly<Record<string, number | null>>;
}

export interface HeatmapJson {
  readonly x: { readonly name: string; readonly values: readonly SweepParamValue[] };
  readonly y: { readonly name: string; readonly values: readonly SweepParamValue[] };
  readonly cells: readonly (readonly (number | null)[])[];
}

export interface OverfittingJson {
  readonly trials: number;
  readonly trialSharpeVariance: number | null;
  readonly expectedMaxSharpe: number | null;
  readonly bestSharpe: number | null;
  readonly probabilisticSharpe: number | null;
  readonly deflatedSharpe: number | null;
  readonly pbo: { readonly pbo: number; readonly combinations: number } | null;
  readonly stability: {
    readonly neighbours: number;
    readonly neighbourMean: number | null;
    readonly ratio: number | null;
  } | null;
}

export interface WalkForwardJson {
  readonly mode: 'rolling' | 'anchored';
  readonly windows: readonly {
    readonly index: number;
    readonly inSample: { readonly start: string; readonly end: string };
    readonly outOfSample: { readonly start: string; readonly end: string };
    readonly params: Readonly<Record<string, SweepParamValue>>;
    readonly inSampleObjective: number | null;
    readonly outOfSampleObjective: number | null;
    readonly outOfSampleReturn: number | null;
  }[];
  readonly totalReturn: number | null;
  readonly sharpe: number | null;
  readonly efficiency: number | null;
}

export interface SweepResultJson {
  readonly strategy: string;
  readonly objective: string;
  readonly search: {
    readonly method: 'grid' | 'random';
    readonly gridSize: number;
    readonly trials: number;
    readonly rejected: number;
  };
  readonly data: {
    readonly symbols: readonly string[];
    readonly start: string;
    readonly end: string;
  };
  readonly ranked: readonly RankedTrialJson[];
  readonly overfitting: OverfittingJson;
  readonly heatmap: HeatmapJson | null;
  readonly walkForward: WalkForwardJson | null;
}

export const optimizationEndpoints = {
  submit: (body: OptimizationRequestBody) =>
    api.post<{ jobId: string; job: JobJson }>('/api/optimizations', body),
};
