import { normalCdf, normalInverseCdf } from './normal.ts';

/** Euler-Mascheroni constant, used by the expected maximum of N Sharpe ratios. */
export const EULER_MASCHERONI = 0.5772156649015329;

export interface SharpeSample {
  /** Per-period (NOT annualised) Sharpe ratio estimate. */
  readonly sharpe: number;
  /** Number of return observations the estimate came from. */
  readonly observations: number;
  /** Skewness of the returns (gamma3). */
  readonly skew: number;
  /** Kurtosis of the returns, NOT excess (gamma4; 3 for a normal distribution). */
  readonly kurtosis: number;
}

/**
 * Standard error of a per-period Sharpe estimate under non-normal returns (Mertens 2002, as
 * used by Bailey & Lopez de Prado): sqrt((1 - g3 SR + (g4 - 1)/4 SR^2) / (n - 1)).
 * NaN when n < 2 or the bracket is not positive.
 */
export function sharpeStandardError(sample: SharpeSample): number {
  const { sharpe, observations, skew, kurtosis } = sample;
  const bracket = 1 - skew * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(observations > 1) || !(bracket > 0)) return NaN;
  return Math.sqrt(bracket / (observations - 1));
}

/**
 * Probabilistic Sharpe ratio (Bailey & Lopez de Prado 2012): the probability that the true
 * Sharpe exceeds `benchmarkSharpe` (per period) given the sample,
 * PSR = Phi((SR - SR*) sqrt(n - 1) / sqrt(1 - g3 SR + (g4 - 1)/4 SR^2)).
 */
export function probabilisticSharpeRatio(sample: SharpeSample, benchmarkSharpe = 0): number {
  const se = sharpeStandardError(sample);
  if (!(se > 0) || !Number.isFinite(sample.sharpe)) return NaN;
  return normalCdf((sample.sharpe - benchmarkSharpe) / se);
}

/**
 * Expected maximum of `trials` Sharpe estimates whose true value is 0 and whose variance
 * across trials is `trialSharpeVariance` (per-period units; Bailey & Lopez de Prado 2014):
 * sqrt(V) x ((1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 - 1/(N e))). 0 for a single trial.
 */
export function expectedMaxSharpe(trials: number, trialSharpeVariance: number): number {
  if (!(trials >= 1) || !(trialSharpeVariance >= 0)) return NaN;
  if (trials === 1) return 0;
  const z =
    (1 - EULER_MASCHERONI) * normalInverseCdf(1 - 1 / trials) +
    EULER_MASCHERONI * normalInverseCdf(1 - 1 / (trials * Math.E));
  return Math.sqrt(trialSharpeVariance) * z;
}

/**
 * Deflated Sharpe ratio (Bailey & Lopez de Prado 2014): the PSR against the Sharpe ratio the
 * best of `trials` skill-less trials would show by luck, expectedMaxSharpe(N, V).
 * When V is unknown it defaults to 1 / (n - 1), the sampling variance of a Sharpe estimate
 * under the null of zero skill with normal returns.
 */
export function deflatedSharpeRatio(
  sample: SharpeSample,
  trials: number,
  trialSharpeVariance?: number,
): number {
  const variance = trialSharpeVariance ?? 1 / (sample.observations - 1);
  const threshold = expectedMaxSharpe(trials, variance);
  if (!Number.isFinite(threshold)) return NaN;
  return probabilisticSharpeRatio(sample, threshold);
}
