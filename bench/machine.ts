import { cpus, totalmem, platform, arch } from 'node:os';

/** One line describing the machine, printed at the top of every benchmark run. */
export function describeMachine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown cpu';
  const memGiB = (totalmem() / 2 ** 30).toFixed(1);
  return `${platform()}-${arch()}, ${cpu.length} cores (${model}), ${memGiB} GiB, Node ${process.version}`;
}

/** Runs fn repeatedly for at least minMs and returns the best per-call time in ms. */
export function bestTime(fn: () => unknown, minMs = 300, minRuns = 3): number {
  let best = Infinity;
  let runs = 0;
  const start = performance.now();
  while (runs < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    const elapsed = performance.now() - t0;
    if (elapsed < best) best = elapsed;
    runs++;
  }
  return best;
}

export function formatRate(count: number, ms: number, unit: string): string {
  const perSecond = (count / ms) * 1000;
  return `${(perSecond / 1e6).toFixed(1)} M ${unit}/s`;
}
