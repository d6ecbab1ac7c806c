/**
 * Drawdowns as POSITIVE fractions below the running peak: 0.25 means 25 % under the highest
 * equity seen so far. A drawdown episode runs from a peak bar to the first later bar whose
 * equity is back at or above that peak (the recovery bar), or to the last bar if it never
 * recovers.
 */

/** dd[t] = 1 - equity[t] / max(equity[0..t]); 0 while the running peak is not positive. */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const n = equity.length;
  const out = new Float64Array(n);
  let peak = -Infinity;
  for (let i = 0; i < n; i++) {
    if (equity[i] > peak) peak = equity[i];
    out[i] = peak > 0 ? 1 - equity[i] / peak : 0;
  }
  return out;
}

export interface DrawdownEpisode {
  /** Index of the peak bar the episode starts from. */
  readonly peakIndex: number;
  /** Index of the deepest bar. */
  readonly troughIndex: number;
  /** Index of the recovery bar, or the last bar when not recovered. */
  readonly endIndex: number;
  readonly recovered: boolean;
  /** Deepest drawdown of the episode (positive fraction). */
  readonly depth: number;
}

/** Every drawdown episode in time order (a flat or rising curve has none). */
export function drawdownEpisodes(equity: ArrayLike<number>): DrawdownEpisode[] {
  const dd = drawdownSeries(equity);
  const episodes: DrawdownEpisode[] = [];
  let peakIndex = 0;
  let inEpisode = false;
  let troughIndex = 0;
  for (let i = 0; i < dd.length; i++) {
    if (dd[i] > 0) {
      if (!inEpisode) {
        inEpisode = true;
        troughIndex = i;
      } else if (dd[i] > dd[troughIndex]) {
        troughIndex = i;
      }
    } else {
      if (inEpisode) {
        episodes.push({
          peakIndex,
          troughIndex,
          endIndex: i,
          recovered: true,
          depth: dd[troughIndex],
        });
        inEpisode = false;
      }
      peakIndex = i;
    }
  }
  if (inEpisode) {
    const endIndex = dd.length - 1;
    episodes.push({ peakIndex, troughIndex, endIndex, recovered: false, depth: dd[troughIndex] });
  }
  return episodes;
}

export interface DrawdownStats {
  /** Deepest drawdown (positive fraction); 0 when equity never falls below a peak. */
  readonly maxDrawdown: number;
  /** Longest episode in bars (endIndex - peakIndex); 0 without episodes. */
  readonly maxDrawdownDuration: number;
  /** Longest episode in calendar days (times in epoch ms); 0 without episodes. */
  readonly maxDrawdownDurationDays: number;
  /** Mean depth of the episodes; 0 without episodes. */
  readonly avgDrawdown: number;
  /** Mean episode length in bars; 0 without episodes. */
  readonly avgDrawdownDuration: number;
  readonly drawdownEpisodes: number;
}

const DAY_MS = 86_400_000;

export function drawdownStats(times: ArrayLike<number>, equity: ArrayLike<number>): DrawdownStats {
  const episodes = drawdownEpisodes(equity);
  let maxDrawdown = 0;
  let maxBars = 0;
  let maxDays = 0;
  let depthSum = 0;
  let barSum = 0;
  for (const episode of episodes) {
    const bars = episode.endIndex - episode.peakIndex;
    const days = (times[episode.endIndex] - times[episode.peakIndex]) / DAY_MS;
    maxDrawdown = Math.max(maxDrawdown, episode.depth);
    maxBars = Math.max(maxBars, bars);
    maxDays = Math.max(maxDays, days);
    depthSum += episode.depth;
    barSum += bars;
  }
  const count = episodes.length;
  return {
    maxDrawdown,
    maxDrawdownDuration: maxBars,
    maxDrawdownDurationDays: maxDays,
    avgDrawdown: count > 0 ? depthSum / count : 0,
    avgDrawdownDuration: count > 0 ? barSum / count : 0,
    drawdownEpisodes: count,
  };
}
