import { threadId } from 'node:worker_threads';
import type { BarSeries } from '../domain/bars.ts';
import { ChunkRunner, type ChunkPayload } from './chunk.ts';
import type { TrialOutcome } from './evaluate.ts';
import { viewSharedSeries, type SharedSeries } from './shared-bars.ts';

/** A piscina task: a chunk plus the bars as shared memory, tagged with a dataset id. */
export interface ThreadTask {
  readonly datasetId: string;
  readonly series: readonly SharedSeries[];
  readonly payload: ChunkPayload;
}

const runner = new ChunkRunner(`thread-${threadId}`);
const datasets = new Map<string, BarSeries[]>();

/** Piscina's entry point: evaluates one chunk on the shared bars. */
export default function runThreadTask(task: ThreadTask): TrialOutcome[] {
  let series = datasets.get(task.datasetId);
  if (!series) {
    // Build the views once per dataset, so column identities (the indicator cache's key) hold.
    series = task.series.map(viewSharedSeries);
    datasets.clear();
    datasets.set(task.datasetId, series);
  }
  return runner.run(task.payload, series);
}
