import { InputError } from '../domain/errors.ts';

/** How a trial's performance on a set of periods is scored. */
export type PboMetric = 'sharpe' | 'mean';

export interface PboOptions {
  /** 'sharpe' (default): mean / sample stdev of the periods; 'mean': their average. */
  readonly metric?: PboMetric;
}

export interface PboResult {
  /** Share of combinations whose in-sample winner ranks at or below the out-of-sample median. */
  readonly pbo: number;
  /** One logit per combination: ln(w / (1 - w)), w = OOS rank of the IS winner / (N + 1). */
  readonly logits: Float64Array;
  /** C(S, S/2), the number of in-sample/out-of-sample splits evaluated. */
  readonly combinations: number;
  /** Per combination: the index of the trial chosen in sample. */
  readonly selected: Int32Array;
  /** Per combination: the chosen trial's in-sample and out-of-sample score. */
  readonly inSample: Float64Array;
  readonly outOfSample: Float64Array;
}

const MAX_PARTITIONS = 20; // C(20, 10) = 184,756 splits; beyond that the count explodes

/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, Lopez de Prado & Zhu 2015). `matrix[i][t]` is trial i's performance (e.g. return)
 * in period t. The T periods are cut into `partitions` (S, even) contiguous blocks of near
 * equal size; for every choice of S/2 blocks as the in-sample set (the rest out of sample),
 * the trial with the best in-sample score is picked and its out-of-sample rank recorded.
 */
export function probabilityOfBacktestOverfitting(
  matrix: readonly Float64Array[],
  partitions: number,
  options: PboOptions = {},
): PboResult {
  const metric = options.metric ?? 'sharpe';
  const trials = matrix.length;
  if (trials < 2) throw new InputError('matrix', trials, 'needs at least 2 trials (rows)');
  const periods = matrix[0].length;
  for (let i = 0; i < trials; i++) {
    if (matrix[i].length !== periods) {
      throw new InputError(`matrix[${i}]`, matrix[i].length, `expected ${periods} periods`);
    }
    for (let t = 0; t < periods; t++) {
      if (!Number.isFinite(matrix[i][t])) {
        throw new InputError(`matrix[${i}][${t}]`, matrix[i][t], 'must be a finite number');
      }
    }
  }
  if (!Number.isInteger(partitions) || partitions < 2 || partitions % 2 !== 0) {
    throw new InputError('partitions', partitions, 'must be an even integer >= 2');
  }
  if (partitions > MAX_PARTITIONS) {
    throw new InputError('partitions', partitions, `must be at most ${MAX_PARTITIONS}`);
  }
  if (periods < 2 * partitions) {
    throw new InputError(
      'partitions',
      partitions,
      `needs at least 2 periods per block (${periods} periods)`,
    );
  }
  if (metric !== 'sharpe' && metric !== 'mean') {
    throw new InputError('metric', metric, "must be 'sharpe' or 'mean'");
  }

  // Per trial and block: count, sum and sum of squares of values centred on the trial mean
  // (centring keeps the sum-of-squares variance formula free of cancellation).
  const S = partitions;
  const counts = new Float64Array(S);
  const sums = new Float64Array(trials * S);
  const squares = new Float64Array(trials * S);
  const centres = new Float64Array(trials);
  for (let b = 0; b < S; b++) {
    counts[b] = Math.floor(((b + 1) * periods) / S) - Math.floor((b * periods) / S);
  }
  for (let i = 0; i < trials; i++) {
    const row = matrix[i];
    let total = 0;
    for (let t = 0; t < periods; t++) total += row[t];
    const centre = total / periods;
    centres[i] = centre;
    for (let b = 0; b < S; b++) {
      const from = Math.floor((b * periods) / S);
      const to = Math.floor(((b + 1) * periods) / S);
      let sum = 0;
      let sq = 0;
      for (let t = from; t < to; t++) {
        const v = row[t] - centre;
        sum += v;
        sq += v * v;
      }
      sums[i * S + b] = sum;
      squares[i * S + b] = sq;
    }
  }

  // Whole-row totals: the out-of-sample aggregates are the totals minus the in-sample ones.
  const totalSums = new Float64Array(trials);
  const totalSquares = new Float64Array(trials);
  for (let i = 0; i < trials; i++) {
    for (let b = 0; b < S; b++) {
      totalSums[i] += sums[i * S + b];
      totalSquares[i] += squares[i * S + b];
    }
  }
  const score = (trial: number, n: number, sum: number, sq: number): number => {
    const meanValue = sum / n + centres[trial];
    if (metric === 'mean') return meanValue;
    const sd = Math.sqrt(Math.max(0, (sq - (sum * sum) / n) / (n - 1)));
    // A flat series: its Sharpe is +-Infinity by the sign of its mean (0 when the mean is 0).
    if (!(sd > 0)) return meanValue > 0 ? Infinity : meanValue < 0 ? -Infinity : 0;
    return meanValue / sd;
  };

  const splits = combinations(S, S / 2);
  const logits = new Float64Array(splits.length);
  const selected = new Int32Array(splits.length);
  const inSample = new Float64Array(splits.length);
  const outOfSample = new Float64Array(splits.length);
  const oos = new Float64Array(trials);
  let overfit = 0;
  splits.forEach((isBlocks, c) => {
    let isCount = 0;
    for (let k = 0; k < isBlocks.length; k++) isCount += counts[isBlocks[k]];
    const oosCount = periods - isCount;
    let best = 0;
    let bestScore = NaN;
    for (let i = 0; i < trials; i++) {
      let sum = 0;
      let sq = 0;
      for (let k = 0; k < isBlocks.length; k++) {
        sum += sums[i * S + isBlocks[k]];
        sq += squares[i * S + isBlocks[k]];
      }
      const s = score(i, isCount, sum, sq);
      if (i === 0 || s > bestScore) {
        bestScore = s;
        best = i;
      }
      oos[i] = score(i, oosCount, totalSums[i] - sum, totalSquares[i] - sq);
    }
    // Average rank (1 = worst) of the chosen trial out of sample; ties share their mean rank.
    let below = 0;
    let equal = 0;
    for (let i = 0; i < trials; i++) {
      if (oos[i] < oos[best]) below++;
      else if (oos[i] === oos[best]) equal++;
    }
    const rank = below + (equal + 1) / 2;
    const w = rank / (trials + 1);
    logits[c] = Math.log(w / (1 - w));
    if (logits[c] <= 0) overfit++;
    selected[c] = best;
    inSample[c] = bestScore;
    outOfSample[c] = oos[best];
  });
  return {
    pbo: overfit / splits.length,
    logits,
    combinations: splits.length,
    selected,
    inSample,
    outOfSample,
  };
}

/** All k-element subsets of {0..n-1}, each sorted, in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const current: number[] = [];
  const walk = (start: number): void => {
    if (current.length === k) {
      out.push(current.slice());
      return;
    }
    for (let i = start; i <= n - (k - current.length); i++) {
      current.push(i);
      walk(i + 1);
      current.pop();
    }
  };
  walk(0);
  return out;
}
