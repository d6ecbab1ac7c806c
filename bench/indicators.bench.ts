import { bestTime, formatRate } from './machine.ts';
import * as ind from '../src/indicators/index.ts';

/**
 * Throughput of every indicator on 1,000,000 bars of a seeded random walk, batch and streaming,
 * on one core. Targets (issue 2): SMA and EMA >= 80 M bars/s, RSI, ATR, Bollinger and MACD
 * >= 30 M bars/s in batch form; streaming >= 10 M updates/s.
 */
const N = 1_000_000;

function randomWalk(length: number, seed: number) {
  let state = seed >>> 0;
  const next = () => {
    // mulberry32: deterministic, good enough for benchmark data.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const close = new Float64Array(length);
  const high = new Float64Array(length);
  const low = new Float64Array(length);
  const open = new Float64Array(length);
  const volume = new Float64Array(length);
  const time = new Float64Array(length);
  let price = 20;
  for (let i = 0; i < length; i++) {
    open[i] = price;
    price *= Math.exp((next() - 0.5) * 0.04);
    close[i] = price;
    high[i] = Math.max(open[i], close[i]) * (1 + next() * 0.01);
    low[i] = Math.min(open[i], close[i]) * (1 - next() * 0.01);
    volume[i] = Math.floor(1e5 + next() * 1e6);
    time[i] = Date.UTC(1990, 0, 1) + i * 86_400_000;
  }
  return { time, open, high, low, close, volume };
}

interface BenchCase {
  name: string;
  target?: number;
  batch: () => unknown;
  stream: () => unknown;
}

function makeCases(d: ReturnType<typeof randomWalk>): BenchCase[] {
  const { time, open, high, low, close, volume } = d;
  const n = close.length;
  const loop = (update: (i: number) => unknown) => () => {
    let sink = 0;
    for (let i = 0; i < n; i++) if (update(i) !== undefined) sink++;
    return sink;
  };
  const cases: BenchCase[] = [
    {
      name: 'sma(20)',
      target: 80,
      batch: () => ind.sma(close, 20),
      stream: () => {
        const s = new ind.SmaStream(20);
        return loop((i) => s.update(close[i]))();
      },
    },
    {
      name: 'ema(20)',
      target: 80,
      batch: () => ind.ema(close, 20),
      stream: () => {
        const s = new ind.EmaStream(20);
        return loop((i) => s.update(close[i]))();
      },
    },
    {
      name: 'wma(20)',
      batch: () => ind.wma(close, 20),
      stream: () => {
        const s = new ind.WmaStream(20);
        return loop((i) => s.update(close[i]))();
      },
    },
    {
      name: 'stddev(20)',
      batch: () => ind.stddev(close, 20),
      stream: () => {
        const s = new ind.StddevStream(20);
        return loop((i) => s.update(close[i]))();
      },
    },
    {
      name: 'rsi(14)',
      target: 30,
      batch: () => ind.rsi(close, 14),
      stream: () => {
        const s = new ind.RsiStream(14);
        return loop((i) => s.update(close[i]))();
      },
    },
    {
      name: 'macd(12,26,9)',
      target: 30,
      batch: () => ind.macd(close, 12, 26, 9),
      stream: () => {
        const s = new ind.MacdStream(12, 26, 9);
        return loop((i) => s.update(close[i]))();
      },
    },
    {
      name: 'bollinger(20,2)',
      target: 30,
      batch: () => ind.bollinger(close, 20, 2),
      stream: () => {
        const s = new ind.BollingerStream(20, 2);
        return loop((i) => s.update(close[i]))();
      },
    },
    {
      name: 'trueRange',
      batch: () => ind.trueRange(high, low, close),
      stream: () => {
        const s = new ind.TrueRangeStream();
        return loop((i) => s.update(high[i], low[i], close[i]))();
      },
    },
    {
      name: 'atr(14)',
      target: 30,
      batch: () => ind.atr(high, low, close, 14),
      stream: () => {
        const s = new ind.AtrStream(14);
        return loop((i) => s.update(high[i], low[i], close[i]))();
      },
    },
    {
      name: 'highest(20)',
      batch: () => ind.highest(high, 20),
      stream: () => {
        const s = new ind.HighestStream(20);
        return loop((i) => s.update(high[i]))();
      },
    },
    {
      name: 'donchian(20)',
      batch: () => ind.donchian(high, low, 20),
      stream: () => {
        const s = new ind.DonchianStream(20);
        return loop((i) => s.update(high[i], low[i]))();
      },
    },
    {
      name: 'roc(10)',
      batch: () => ind.roc(close, 10),
      stream: () => {
        const s = new ind.RocStream(10);
        return loop((i) => s.update(close[i]))();
      },
    },
    {
      name: 'volumeAverage(20)',
      batch: () => ind.volumeAverage(volume, 20),
      stream: () => {
        const s = new ind.VolumeAverageStream(20);
        return loop((i) => s.update(volume[i]))();
      },
    },
    {
      name: 'obv',
      batch: () => ind.obv(close, volume),
      stream: () => {
        const s = new ind.ObvStream();
        return loop((i) => s.update(close[i], volume[i]))();
      },
    },
    {
      name: 'stochastic(14,3,3)',
      batch: () => ind.stochastic(high, low, close, 14, 3, 3),
      stream: () => {
        const s = new ind.StochasticStream(14, 3, 3);
        return loop((i) => s.update(high[i], low[i], close[i]))();
      },
    },
    {
      name: 'adx(14)',
      batch: () => ind.adx(high, low, close, 14),
      stream: () => {
        const s = new ind.AdxStream(14);
        return loop((i) => s.update(high[i], low[i], close[i]))();
      },
    },
    {
      name: 'periodPivots(classic,week)',
      batch: () => ind.periodPivots(time, open, high, low, close, 'classic', 'week'),
      stream: () => {
        const s = new ind.PeriodPivotsStream('classic', 'week');
        return loop((i) => s.update(time[i], open[i], high[i], low[i], close[i]))();
      },
    },
    {
      name: 'swingLevels(5,5)',
      batch: () => ind.swingLevels(high, low, 5, 5),
      stream: () => {
        const s = new ind.SwingLevelsStream(5, 5);
        return loop((i) => s.update(high[i], low[i]))();
      },
    },
  ];
  return cases;
}

export async function run(): Promise<void> {
  // Warm-up on small inputs first, so every function is optimised by call count before it is
  // timed (otherwise a 1M-bar loop is timed while it waits for on-stack replacement, which on
  // a busy machine can take many runs).
  for (const c of makeCases(randomWalk(5_000, 7))) {
    for (let r = 0; r < 200; r++) {
      c.batch();
      c.stream();
    }
  }
  const cases = makeCases(randomWalk(N, 42));
  console.log(`${N.toLocaleString('en-US')} bars, one core; target in brackets`);
  console.log(`${'indicator'.padEnd(28)} ${'batch'.padEnd(24)} streaming`);
  for (const c of cases) {
    const batchMs = bestTime(c.batch);
    const streamMs = bestTime(c.stream);
    const batchRate = ((N / batchMs) * 1000) / 1e6;
    const streamRate = ((N / streamMs) * 1000) / 1e6;
    const batchNote = c.target
      ? batchRate >= c.target
        ? ` [>=${c.target} ok]`
        : ` [>=${c.target} MISSED]`
      : '';
    const streamNote = streamRate >= 10 ? ' [>=10 ok]' : ' [>=10 MISSED]';
    console.log(
      `${c.name.padEnd(28)} ${(formatRate(N, batchMs, 'bars') + batchNote).padEnd(24)} ${formatRate(N, streamMs, 'updates')}${streamNote}`,
    );
  }
}
