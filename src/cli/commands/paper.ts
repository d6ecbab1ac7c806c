import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { parseIsoDate, toIsoDate } from '../../domain/time.ts';
import { createEventBus } from '../../infra/event-bus.ts';
import { csvBarSource, storeBarSource } from '../../paper/bar-source.ts';
import { PORTFOLIO_FILE, TRADE_LOG_FILE } from '../../paper/experiment-csv.ts';
import { faultFromEnv } from '../../paper/fault.ts';
import { paperPerformance } from '../../paper/performance.ts';
import {
  createPaperPortfolio,
  listPaperAccounts,
  loadPaperAccount,
  newYorkDate,
  openEngine,
  placePaperOrder,
  runPaperDay,
  type PaperDeps,
} from '../../paper/service.ts';
import type { PaperSettingsInput } from '../../paper/settings.ts';
import {
  exportPaperPortfolio,
  experimentLines,
  importPaperPortfolio,
} from '../../paper/transfer.ts';
import { paperDb } from '../../signals/db-schema.ts';
import { NO_RISK_LIMITS } from '../../signals/limits.ts';
import type { Store } from '../../store/database.ts';
import { withStore } from '../../store/with-store.ts';
import { collectKeyValue, parseList, parseNumberOption } from '../options.ts';
import { writeJson, writeOut } from '../output.ts';
import { textTable } from '../table.ts';

interface SettingsFlags {
  strategy?: string;
  param?: Record<string, string>;
  symbols?: string;
  sizing?: string;
  costs?: string;
  benchmark?: string;
  settings?: string;
  riskLimits?: boolean;
  aiReview?: boolean;
  dailyReview?: boolean;
}

function addSettingsOptions(command: Command): Command {
  return command
    .option('--strategy <id>', 'strategy the daily run executes (see `microcap strategies`)')
    .option('--param <k=v>', 'strategy parameter (repeatable)', collectKeyValue)
    .option('--symbols <list>', 'symbols the strategy trades, comma-separated')
    .option('--sizing <spec>', 'all-in | percent:N | shares:N | risk:N (default percent:10)')
    .option('--costs <model>', 'default | none (as backtest --costs)')
    .option('--benchmark <symbol>', 'benchmark symbol for performance (default IWM)')
    .option('--settings <file.json>', 'full settings as JSON (flags override it)')
    .option('--no-risk-limits', 'switch every risk limit off (to mirror a backtest)')
    .option('--ai-review', 'send entries to the AI reviewer (when one is configured)')
    .option('--daily-review', 'ask the AI for a daily portfolio review in `paper run`');
}

async function settingsFrom(flags: SettingsFlags): Promise<PaperSettingsInput> {
  let base: Record<string, unknown> = {};
  if (flags.settings) {
    let text: string;
    try {
      text = await readFile(flags.settings, 'utf8');
    } catch {
      throw new InputError('settings', flags.settings, 'cannot read the file');
    }
    try {
      base = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new InputError('settings', flags.settings, 'not valid JSON');
    }
  }
  const out: Record<string, unknown> = { ...base };
  if (flags.strategy !== undefined) out.strategy = flags.strategy;
  if (flags.param !== undefined) out.params = flags.param;
  if (flags.symbols !== undefined) out.symbols = parseList(flags.symbols);
  if (flags.sizing !== undefined) out.sizing = flags.sizing;
  if (flags.costs !== undefined) out.costs = flags.costs;
  if (flags.benchmark !== undefined) out.benchmark = flags.benchmark;
  if (flags.dailyReview) out.dailyReview = true;
  const pipeline = { ...((base.pipeline as Record<string, unknown> | undefined) ?? {}) };
  if (flags.riskLimits === false) pipeline.risk = NO_RISK_LIMITS;
  if (flags.aiReview) pipeline.aiReview = true;
  out.pipeline = pipeline;
  return out as PaperSettingsInput;
}

/** Runs `work` with the store, the bar source (--data DIR or the database) and events. */
async function withPaper<T>(
  data: string | undefined,
  work: (deps: PaperDeps, store: Store) => Promise<T>,
): Promise<T> {
  return withStore(async (store) => {
    const redisUrl = process.env.REDIS_URL?.trim() || undefined;
    const events = redisUrl ? createEventBus({ redisUrl }) : null;
    try {
      const deps: PaperDeps = {
        store,
        bars: data ? csvBarSource(data) : storeBarSource(store),
        events,
        fault: faultFromEnv(),
      };
      return await work(deps, store);
    } finally {
      await events?.close();
    }
  });
}

/**
 * Adds the AI reviewers when the portfolio asks for them (pipeline.aiReview, dailyReview):
 * the configured LLM, or the local analyst offline (see docs/ai.md). Loaded only then.
 */
async function withAi(deps: PaperDeps, name: string): Promise<PaperDeps> {
  const account = await loadPaperAccount(paperDb(deps.store), name);
  if (!account.settings.pipeline.aiReview && !account.settings.dailyReview) return deps;
  const { loadConfig } = await import('../../infra/config.ts');
  const { createAiService, cliUser } = await import('../../ai/service.ts');
  const { cliCallAudit } = await import('../llm-audit.ts');
  const { aiDailyReviewer, aiSignalReviewer } = await import('../../signals/ai-adapters.ts');
  const manager = await createAiService({
    config: loadConfig(),
    store: deps.store,
    user: cliUser(),
    audit: cliCallAudit(deps.store),
  });
  return {
    ...deps,
    reviewer: aiSignalReviewer(manager),
    dailyReviewer: aiDailyReviewer(manager, deps.bars),
  };
}

const WARM_UP_DAYS = 400;

/**
 * "Update prices": fetches each symbol's bars (and the benchmark's) through the market-data
 * providers into the database, from a little before the last run (or a year of warm-up for a
 * new symbol) to the run date. Returns one line per symbol that failed; the run goes on, and
 * the pipeline's freshness rule rejects signals on stale data.
 */
async function updatePrices(
  deps: PaperDeps,
  name: string,
  date: string | undefined,
  provider: string | undefined,
): Promise<string[]> {
  const account = await loadPaperAccount(paperDb(deps.store), name);
  const to = date === undefined ? newYorkDate(Date.now()) : parseIsoDate(date, 'date');
  const known = new Set(
    account.state.symbols.filter((s) => s.firstTime === s.firstTime).map((s) => s.symbol),
  );
  const symbols = new Set([
    ...account.state.symbols.map((s) => s.symbol),
    ...account.settings.symbols,
  ]);
  if (account.settings.benchmark) symbols.add(account.settings.benchmark);
  const { fetchMarketData } = await import('../../market-data/fetch-command.ts');
  const problems: string[] = [];
  for (const symbol of symbols) {
    const from = known.has(symbol)
      ? Math.min(account.state.lastTime, to) - 10 * DAY_MS
      : to - WARM_UP_DAYS * DAY_MS;
    try {
      await fetchMarketData({ symbol, from, to, provider, store: true });
    } catch (error) {
      problems.push(`${symbol}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

const DAY_MS = 86_400_000;

/** --portfolio NAME, or the only paper portfolio when there is exactly one. */
async function portfolioName(deps: PaperDeps, name: string | undefined): Promise<string> {
  if (name !== undefined) return name;
  const all = await listPaperAccounts(deps);
  if (all.length === 1) return all[0].name;
  throw new InputError(
    'portfolio',
    name,
    all.length === 0
      ? 'no paper portfolio yet (paper create NAME --cash N)'
      : 'name one with --portfolio',
  );
}

const money = (v: number | null): string => (v === null || v !== v ? '-' : v.toFixed(2));

export function registerPaperCommand(program: Command): void {
  const paper = program
    .command('paper')
    .description('Paper-trading portfolios: daily run, manual orders, experiment CSV export/import')
    .addHelpText(
      'after',
      '\nThe daily routine: `microcap paper run --portfolio NAME [--date YYYY-MM-DD]` processes\n' +
        'every new bar up to the date (fills at the open, stops, mark-to-market, strategy\n' +
        'signals through validation/risk/AI review), in one transaction: re-running a date\n' +
        'executes nothing twice. Bars come from the database (`microcap data import|fetch`)\n' +
        'or from --data DIR (DIR/SYMBOL.csv). See docs/paper-trading.md.',
    );

  addSettingsOptions(
    paper
      .command('create <name>')
      .description('Create a paper portfolio')
      .requiredOption('--cash <amount>', 'starting cash')
      .option('--start <date>', 'first trading date, YYYY-MM-DD (default today)')
      .option('--json', 'print the portfolio as JSON'),
  ).action(
    async (
      name: string,
      flags: SettingsFlags & { cash: string; start?: string; json?: boolean },
    ) => {
      const cash = parseNumberOption('cash', flags.cash) ?? NaN;
      const settings = await settingsFrom(flags);
      await withPaper(undefined, async (deps) => {
        const account = await createPaperPortfolio(deps, {
          name,
          cash,
          settings,
          start: flags.start,
        });
        if (flags.json) {
          await writeJson({ name: account.name, id: account.id, cash, settings: account.settings });
        } else {
          await writeOut(
            `created paper portfolio ${account.name}: cash ${money(cash)}, strategy ${account.settings.strategy ?? 'none (manual)'}, symbols ${account.settings.symbols.join(',') || '-'}\n`,
          );
        }
      });
    },
  );

  paper
    .command('run')
    .description('The daily routine for one portfolio (idempotent per date)')
    .option('--portfolio <name>', 'portfolio name (default: the only one)')
    .option('--date <date>', 'run date YYYY-MM-DD (default: today in New York)')
    .option('--data <dir>', 'read bars from DIR/SYMBOL.csv instead of the database')
    .option('--fetch', 'first fetch the latest bars of every symbol into the database (providers)')
    .option('--provider <name>', 'with --fetch: ask this provider first')
    .option('--json', 'print the run summary as JSON')
    .action(
      async (flags: {
        portfolio?: string;
        date?: string;
        data?: string;
        fetch?: boolean;
        provider?: string;
        json?: boolean;
      }) => {
        if (flags.fetch && flags.data)
          throw new InputError('fetch', true, 'fetches into the database: drop --data');
        await withPaper(flags.data, async (deps) => {
          const name = await portfolioName(deps, flags.portfolio);
          const fetched = flags.fetch
            ? await updatePrices(deps, name, flags.date, flags.provider)
            : [];
          for (const problem of fetched) process.stderr.write(`microcap: fetch ${problem}\n`);
          const result = await runPaperDay(await withAi(deps, name), name, flags.date);
          if (flags.json) {
            await writeJson(result);
            return;
          }
          const lines = [`${result.portfolio} ${result.date}: ${result.status}`];
          for (const d of result.days) {
            lines.push(
              `  ${d.date}  equity ${money(d.equity)}  cash ${money(d.cash)}  fills ${d.fills}  signals ${d.accepted} accepted, ${d.rejected} rejected`,
            );
          }
          for (const t of result.tradeLog) {
            lines.push(
              t.sharesBought !== null
                ? `  BUY  ${t.symbol} ${t.sharesBought} @ ${money(t.buyPrice)}  (${t.reason})`
                : `  SELL ${t.symbol} ${t.sharesSold} @ ${money(t.sellPrice)}  pnl ${money(t.pnl)}  (${t.reason})`,
            );
          }
          for (const s of result.signals.filter((x) => x.status === 'rejected')) {
            lines.push(`  rejected ${s.action} ${s.symbol} at ${s.stage}: ${s.reason}`);
          }
          if (result.review) lines.push(`  review: ${result.review}`);
          await writeOut(lines.join('\n') + '\n');
        });
      },
    );

  for (const side of ['buy', 'sell'] as const) {
    paper
      .command(`${side} <symbol> <quantity>`)
      .description(
        side === 'buy'
          ? 'Buy shares at the next open (or --limit); --stop places a protective stop'
          : 'Sell shares of a holding at the next open (or --limit, or --stop)',
      )
      .option('--portfolio <name>', 'portfolio name (default: the only one)')
      .option('--limit <price>', 'limit price (good till cancelled)')
      .option('--stop <price>', side === 'buy' ? 'stop-loss for the position' : 'sell-stop price')
      .option('--data <dir>', 'read bars from DIR/SYMBOL.csv instead of the database')
      .option('--json', 'print the decision as JSON')
      .action(
        async (
          symbol: string,
          quantityText: string,
          flags: {
            portfolio?: string;
            limit?: string;
            stop?: string;
            data?: string;
            json?: boolean;
          },
        ) => {
          const quantity = parseNumberOption('quantity', quantityText) ?? NaN;
          const limit = parseNumberOption('limit', flags.limit);
          const stop = parseNumberOption('stop', flags.stop);
          await withPaper(flags.data, async (deps) => {
            const name = await portfolioName(deps, flags.portfolio);
            const decision = await placePaperOrder(deps, name, {
              symbol,
              side,
              quantity,
              ...(limit !== undefined ? { limit } : {}),
              ...(stop !== undefined ? { stop } : {}),
            });
            if (flags.json) await writeJson(decision);
            else if (decision.status === 'accepted') {
              await writeOut(
                `${side} ${quantity} ${decision.symbol}: order placed, fills from the next bar\n`,
              );
            } else {
              await writeOut(
                `${side} ${quantity} ${decision.symbol}: rejected at ${decision.stage}: ${decision.reason}\n`,
              );
            }
            if (decision.status !== 'accepted') process.exitCode = 3;
          });
        },
      );
  }

  paper
    .command('show <name>')
    .description('Cash, equity, positions, working orders, trade log and performance')
    .option('--data <dir>', 'read bars from DIR/SYMBOL.csv instead of the database')
    .option('--json', 'print everything as JSON')
    .action(async (name: string, flags: { data?: string; json?: boolean }) => {
      await withPaper(flags.data, async (deps) => {
        const account = await loadPaperAccount(paperDb(deps.store), name);
        const engine = await openEngine(deps, account, account.state.lastTime);
        const performance = await paperPerformance(deps, account);
        const { trades } = await experimentLines(deps, name);
        const positions = engine.positions();
        const orders = engine.workingOrders().map((o) => ({
          id: o.id,
          symbol: o.symbol,
          role: o.role,
          side: o.side,
          type: o.type,
          quantity: o.remaining === o.remaining ? o.remaining : null,
          stopPrice: o.stopPrice === o.stopPrice ? o.stopPrice : null,
          limitPrice: o.limitPrice === o.limitPrice ? o.limitPrice : null,
          reason: o.reason,
        }));
        const equity = engine.run.equity();
        const view = {
          name: account.name,
          lastRun:
            account.state.step > 0 || account.state.equity === account.state.equity
              ? toIsoDate(account.state.lastTime)
              : null,
          initialCash: account.initialCash,
          cash: engine.run.cash,
          equity,
          settings: account.settings,
          positions,
          orders,
          tradeLog: trades.map((t) => ({ ...t, date: toIsoDate(t.time) })),
          performance,
        };
        if (flags.json) {
          await writeJson(view);
          return;
        }
        const lines = [
          `${view.name}: equity ${money(equity)}  cash ${money(view.cash)}  (started with ${money(view.initialCash)}; last run ${view.lastRun ?? 'never'})`,
          `strategy ${account.settings.strategy ?? 'none (manual)'}  symbols ${account.settings.symbols.join(',') || '-'}`,
        ];
        if (positions.length > 0) {
          lines.push(
            '',
            textTable(
              [
                ['symbol', 'shares', 'avg price', 'close', 'stop', 'value', 'unrealised'],
                ...positions.map((p) => [
                  p.symbol,
                  String(p.quantity),
                  money(p.avgPrice),
                  money(p.close),
                  money(p.stop),
                  money(p.value),
                  money(p.unrealisedPnl),
                ]),
              ],
              new Set([1, 2, 3, 4, 5, 6]),
            ),
          );
        }
        if (orders.length > 0) {
          lines.push('', 'working orders:');
          for (const o of orders)
            lines.push(`  #${o.id} ${o.side} ${o.symbol} ${o.role} ${o.type} ${o.reason}`);
        }
        const m = performance.metrics;
        if (m) {
          const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(2)}%`);
          lines.push(
            '',
            `performance over ${performance.days} days: return ${pct(m.totalReturn)}  max drawdown ${pct(m.maxDrawdown)}  sharpe ${m.sharpeRatio?.toFixed(2) ?? '-'}` +
              (performance.benchmark
                ? `  benchmark ${performance.benchmark}: alpha ${m.alpha?.toFixed(4) ?? '-'} beta ${m.beta?.toFixed(2) ?? '-'}`
                : ''),
          );
        }
        await writeOut(lines.join('\n') + '\n');
      });
    });

  paper
    .command('list')
    .description('Paper portfolios')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }) => {
      await withPaper(undefined, async (deps) => {
        const accounts = await listPaperAccounts(deps);
        const rows = accounts.map((a) => ({
          name: a.name,
          strategy: a.settings.strategy,
          symbols: a.settings.symbols,
          cash: a.state.cash,
          equity: a.state.equity === a.state.equity ? a.state.equity : null,
          lastRun: a.state.equity === a.state.equity ? toIsoDate(a.state.lastTime) : null,
        }));
        if (flags.json) await writeJson(rows);
        else if (rows.length === 0) await writeOut('no paper portfolios\n');
        else {
          await writeOut(
            textTable([
              ['name', 'strategy', 'equity', 'cash', 'last run'],
              ...rows.map((r) => [
                r.name,
                r.strategy ?? '-',
                money(r.equity),
                money(r.cash),
                r.lastRun ?? '-',
              ]),
            ]) + '\n',
          );
        }
      });
    });

  paper
    .command('export <name>')
    .description(`Write ${PORTFOLIO_FILE} and ${TRADE_LOG_FILE} (the experiment's formats)`)
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--json', 'print what was written as JSON')
    .action(async (name: string, flags: { out: string; json?: boolean }) => {
      await withPaper(undefined, async (deps) => {
        const result = await exportPaperPortfolio(deps, name, flags.out);
        if (flags.json) await writeJson(result);
        else {
          await writeOut(
            `wrote ${result.portfolioFile} (${result.days} days) and ${result.tradeLogFile} (${result.trades} trades)\n`,
          );
        }
      });
    });

  addSettingsOptions(
    paper
      .command('import <name>')
      .description("Create a portfolio from the experiment's CSV files (history, holdings, stops)")
      .option('--dir <dir>', `folder holding ${PORTFOLIO_FILE} and ${TRADE_LOG_FILE}`)
      .option('--portfolio-file <file>', 'the portfolio-update CSV')
      .option('--trade-log-file <file>', 'the trade-log CSV')
      .option('--json', 'print the result as JSON'),
  ).action(
    async (
      name: string,
      flags: SettingsFlags & {
        dir?: string;
        portfolioFile?: string;
        tradeLogFile?: string;
        json?: boolean;
      },
    ) => {
      const portfolioFile =
        flags.portfolioFile ?? (flags.dir ? join(flags.dir, PORTFOLIO_FILE) : undefined);
      const tradeLogFile =
        flags.tradeLogFile ?? (flags.dir ? join(flags.dir, TRADE_LOG_FILE) : undefined);
      if (!portfolioFile || !tradeLogFile) {
        throw new InputError(
          'dir',
          flags.dir,
          'give --dir, or --portfolio-file and --trade-log-file',
        );
      }
      const settings = await settingsFrom(flags);
      await withPaper(undefined, async (deps) => {
        const result = await importPaperPortfolio(deps, {
          name,
          portfolioFile,
          tradeLogFile,
          settings,
        });
        if (flags.json) await writeJson(result);
        else {
          await writeOut(
            `imported ${result.name}: ${result.days} days, ${result.trades} trade-log rows, ${result.positions} positions, cash ${money(result.cash)}\n`,
          );
        }
      });
    },
  );
}
