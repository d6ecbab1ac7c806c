import type { Command } from 'commander';
import type { BarSeries } from '../../domain/bars.ts';
import { InputError } from '../../domain/errors.ts';
import type { SweepSpec } from '../../optimize/spec.ts';
import type { SweepRun } from '../../optimize/sweep.ts';
import {
  addRunOptions,
  parseBacktestSettings,
  parseDataSelection,
  type RunFlags,
} from '../backtest-options.ts';
import { collectKeyValue, parseNumberOption } from '../options.ts';
import { writeJson, writeOut } from '../output.ts';
import { textTable } from '../table.ts';

interface OptimizeFlags extends RunFlags {
  strategy: string;
  grid?: string[];
  param?: Record<string, string>;
  demoSeed?: string;
  random?: string;
  seed?: string;
  walkForward?: string;
  objective: string;
  workers: string;
  queue?: boolean;
  chunkSize?: string;
  top: string;
  json?: boolean;
  report?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerOptimizeCommand(program: Command): void {
  const command = program
    .command('optimize')
    .description(
      'Sweep strategy parameters (grid or random), with walk-forward and overfitting statistics',
    )
    .requiredOption('--strategy <id>', 'strategy id (see `microcap strategies`)')
    .option(
      '--grid <name=spec>',
      'swept parameter: NAME=START..END:STEP or NAME=A,B,C (repeatable)',
      collect,
    )
    .option('--param <name=value>', 'parameter held fixed, repeatable', collectKeyValue);
  addRunOptions(command, { demoSeedFlag: 'demo-seed' })
    .option('--random <n>', 'try N seeded random points of the grid instead of all of them')
    .option('--seed <n>', 'seed of the random search', '1')
    .option('--walk-forward <is:oos>', 'walk-forward windows in bars: IS:OOS[:anchored]')
    .option('--objective <formula>', 'sharpe | sortino | calmar | return | a formula', 'sharpe')
    .option('--workers <n>', 'local worker threads', '1')
    .option('--queue', 'fan chunks out as jobs (BullMQ workers when REDIS_URL is set)')
    .option('--chunk-size <n>', 'trials per work unit (default 50)')
    .option('--top <n>', 'rows of the ranked table (0 = all)', '20')
    .option('--json', 'print the result as JSON')
    .option('--report <file.html>', 'write a self-contained HTML report')
    .addHelpText(
      'after',
      `
Examples:
  microcap optimize --strategy ma-crossover --grid fast=5..50:5 --grid slow=20..200:10 --demo
  microcap optimize --strategy rsi --grid period=5..30 --data ORCL.csv --walk-forward 504:126
  microcap optimize ... --objective "sharpe - 0.5 * maxDrawdown" --random 500 --seed 7

Objective metrics: sharpe sortino calmar return cagr maxDrawdown volatility trades winRate
exposure; operators + - * / ( ); functions min max abs sqrt log. Higher is better.
Combinations the strategy rejects (e.g. fast >= slow) are skipped and counted.
Every sweep reports: trials, deflated Sharpe of the best, PBO (CSCV) and the stability of
the objective around the best point. Results do not depend on --workers or --queue.
`,
    )
    .action(async (flags: OptimizeFlags) => {
      const workers = positiveInteger('workers', flags.workers);
      const [{ prepareSweep, parseWalkForward }, { loadBacktestData }] = await Promise.all([
        import('../../optimize/spec.ts'),
        import('../../app/backtest-data.ts'),
      ]);
      const spec = toSpec(flags, parseWalkForward);
      prepareSweep(spec); // bad grids, objectives and settings fail before any data is read
      const { series } = await loadBacktestData(spec.data, { from: spec.from, to: spec.to });
      const run = await execute(spec, series, workers, flags.queue ?? false);
      if (flags.report !== undefined) {
        const { writeSweepHtml } = await import('../../optimize/report-html.ts');
        await writeSweepHtml(flags.report, run.result);
      }
      if (flags.json) await writeJson(run.result);
      else await writeOut(await summaryText(run, flags.report));
    });
}

async function execute(
  spec: SweepSpec,
  series: readonly BarSeries[],
  workers: number,
  useQueue: boolean,
): Promise<SweepRun> {
  const [{ runSweep }, executors] = await Promise.all([
    import('../../optimize/sweep.ts'),
    import('../../optimize/executors.ts'),
  ]);
  const progress = progressBar();
  if (useQueue) {
    const [{ loadConfig }, { createJobQueue }, { createJobHandlers }] = await Promise.all([
      import('../../infra/config.ts'),
      import('../../jobs/create-queue.ts'),
      import('../../jobs/handlers.ts'),
    ]);
    const config = loadConfig();
    const queue = await createJobQueue({
      REDIS_URL: config.REDIS_URL,
      handlers: createJobHandlers({ workerId: 'in-process' }),
      concurrency: workers,
    });
    try {
      return await runSweep(spec, series, executors.queueExecutor(queue), { onProgress: progress });
    } finally {
      await queue.close();
      progress.done();
    }
  }
  const executor =
    workers > 1 ? executors.threadPoolExecutor(series, workers) : executors.inlineExecutor(series);
  try {
    return await runSweep(spec, series, executor, { onProgress: progress });
  } finally {
    await executor.close();
    progress.done();
  }
}

/** A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal. */
function progressBar(): ((done: number, total: number) => void) & { done(): void } {
  const tty = process.stderr.isTTY === true;
  let drawn = false;
  const update = (done: number, total: number) => {
    if (!tty) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} chunks`,
    );
    drawn = true;
  };
  return Object.assign(update, {
    done() {
      if (tty && drawn) process.stderr.write('\r\x1b[K');
    },
  });
}

function positiveInteger(flag: string, text: string): number {
  const value = parseNumberOption(flag, text) as number;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(flag, text, 'expected a whole number of at least 1');
  }
  return value;
}

function toSpec(
  flags: OptimizeFlags,
  parseWalkForward: (text: string) => NonNullable<SweepSpec['walkForward']>,
): SweepSpec {
  const data = parseDataSelection(flags, 'demo-seed', flags.demoSeed);
  if (!flags.grid || flags.grid.length === 0) {
    throw new InputError('grid', '', 'give at least one --grid NAME=START..END:STEP');
  }
  const backtest = parseBacktestSettings(flags);
  const seed = parseNumberOption('seed', flags.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new InputError('seed', flags.seed, 'expected a whole number');
  }
  const top = parseNumberOption('top', flags.top);
  if (top !== undefined && !(Number.isInteger(top) && top >= 0)) {
    throw new InputError('top', flags.top, 'expected a whole number (0 = all rows)');
  }
  return {
    strategy: flags.strategy,
    data,
    from: flags.from,
    to: flags.to,
    backtest,
    grid: flags.grid,
    fixed: flags.param,
    random: flags.random === undefined ? undefined : positiveInteger('random', flags.random),
    seed,
    objective: flags.objective,
    walkForward: flags.walkForward === undefined ? undefined : parseWalkForward(flags.walkForward),
    chunkSize:
      flags.chunkSize === undefined ? undefined : positiveInteger('chunk-size', flags.chunkSize),
    top,
  };
}

async function summaryText(run: SweepRun, report: string | undefined): Promise<string> {
  const { renderHeatmapText } = await import('../../optimize/heatmap.ts');
  const { formatParams } = await import('../../optimize/report-html.ts');
  const r = run.result;
  const f = (v: number | null | undefined, digits = 3) =>
    v === null || v === undefined ? '-' : v.toFixed(digits);
  const o = r.overfitting;
  const lines = [
    `${r.strategy} on ${symbolList(r.data.symbols)} ${r.data.start}..${r.data.end} (${r.data.bars} bars)`,
    `${r.search.method} search: ${r.search.trials} trials, ${r.search.rejected} rejected by the strategy's rules; objective ${r.objective}`,
    `best: ${r.best ? formatParams(r.best.params) : 'none'}  objective ${f(r.best?.objective)}`,
    '',
    textTable([
      ['RANK', 'PARAMS', 'OBJECTIVE', 'SHARPE', 'RETURN', 'MAX DD', 'TRADES'],
      ...r.ranked
        .slice(0, 10)
        .map((t) => [
          String(t.rank),
          formatParams(t.params),
          f(t.objective),
          f(t.metrics.sharpe),
          f(t.metrics.return),
          f(t.metrics.maxDrawdown),
          String(t.metrics.trades ?? '-'),
        ]),
    ]),
    '',
    'Overfitting:',
    `  trials ${o.trials}; expected max Sharpe by luck ${f(o.expectedMaxSharpe)}; best Sharpe ${f(o.bestSharpe)}`,
    `  deflated Sharpe ${f(o.deflatedSharpe)} (probability the best beats luck)`,
    `  PBO ${f(o.pbo?.pbo)} (${o.pbo ? `${o.pbo.combinations} CSCV splits of ${o.pbo.partitions} blocks` : 'too few trials or bars'})`,
    `  stability: ${o.stability?.neighbours ?? 0} neighbours, mean ${f(o.stability?.neighbourMean)} vs best ${f(o.stability?.best)} (ratio ${f(o.stability?.ratio)})`,
  ];
  if (r.heatmap && r.heatmap.cells.flat().some((v) => v !== null)) {
    lines.push('', renderHeatmapText(r.heatmap));
  }
  if (r.walkForward) {
    const wf = r.walkForward;
    lines.push(
      '',
      `Walk-forward (${wf.mode} ${wf.inSampleBars}:${wf.outOfSampleBars}): ${wf.windows.length} windows, OOS return ${f(wf.totalReturn)}, Sharpe ${f(wf.sharpe)}, max DD ${f(wf.maxDrawdown)}, efficiency ${f(wf.efficiency)}`,
      textTable([
        ['#', 'IN SAMPLE', 'OUT OF SAMPLE', 'PARAMS', 'IS', 'OOS'],
        ...wf.windows.map((w) => [
          String(w.index),
          `${w.inSample.start}..${w.inSample.end}`,
          `${w.outOfSample.start}..${w.outOfSample.end}`,
          formatParams(w.params),
          f(w.inSampleObjective),
          f(w.outOfSampleObjective),
        ]),
      ]),
    );
  }
  if (report !== undefined) lines.push('', `report written to ${report}`);
  return lines.join('\n') + '\n';
}

function symbolList(symbols: readonly string[]): string {
  if (symbols.length <= 5) return symbols.join(', ');
  return `${symbols.length} symbols (${symbols.slice(0, 3).join(', ')}, …)`;
}
