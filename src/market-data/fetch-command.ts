import type { Command } from 'commander';
import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { parseIsoDate, toIsoDate } from '../domain/time.ts';
import { writeJson, writeOut } from '../cli/output.ts';
import type { Config } from '../infra/config.ts';
import type { ProviderAttempt } from './market-data-service.ts';
import type { SplitEvent } from './providers/types.ts';
import type { RepairChange, ValidationIssue, ValidationMode } from './validation.ts';

/**
 * `microcap data fetch SYMBOL --from D --to D [--provider P] [--strict] [--no-store] [--json]`:
 * fetches daily bars through the market-data service (provider failover, breaker, retries,
 * cache), validates them (repair mode by default: fixes are reported), and upserts them into
 * the store with the serving provider as each bar's source. Validation runs before the first
 * write, so a rejected series writes nothing.
 */

export interface FetchReport {
  readonly symbol: string;
  readonly source: string;
  readonly from: string;
  readonly to: string;
  readonly bars: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly fromCache: boolean;
  readonly splits: { date: string; ratio: number }[];
  readonly attempts: readonly ProviderAttempt[];
  readonly validation: {
    mode: ValidationMode;
    ok: boolean;
    issues: ValidationIssue[];
    changes: RepairChange[];
  };
  readonly stored: { inserted: number; updated: number; unchanged: number } | null;
}

export interface FetchOptions {
  readonly symbol: string;
  readonly from: number;
  readonly to: number;
  readonly provider?: string;
  readonly mode?: ValidationMode;
  readonly store?: boolean;
  readonly config?: Config;
}

/** The whole fetch -> validate -> store flow, for the CLI and (later) the API and jobs. */
export async function fetchMarketData(options: FetchOptions): Promise<FetchReport> {
  // Loaded on use: yahoo-finance2, ioredis and the store are heavy, and every CLI start
  // registers this command.
  const [
    { TwoLevelCache },
    { loadConfig },
    { createLogger },
    { MarketDataRepository },
    { withStore },
  ] = await Promise.all([
    import('../infra/cache.ts'),
    import('../infra/config.ts'),
    import('../infra/logger.ts'),
    import('../store/repositories/market-data-repository.ts'),
    import('../store/with-store.ts'),
  ]);
  const [{ MarketDataService }, { createProviders }, { validateSeries }] = await Promise.all([
    import('./market-data-service.ts'),
    import('./providers/index.ts'),
    import('./validation.ts'),
  ]);
  const config = options.config ?? loadConfig();
  const logger = createLogger({ level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'error' });
  const cache = new TwoLevelCache({ redisUrl: config.REDIS_URL, logger });
  const service = new MarketDataService({
    providers: createProviders(config),
    cache,
    logger,
    retries: config.MARKET_DATA_RETRIES,
  });
  try {
    const result = await service.historicalBars(options.symbol, options.from, options.to, {
      provider: options.provider,
    });
    const mode = options.mode ?? 'repair';
    const validation = validateSeries(result.series, { mode, splits: result.splits });
    const series: BarSeries = validation.repaired ?? result.series;
    const stored =
      options.store === false || series.length === 0
        ? null
        : await withStore(
            (store) =>
              new MarketDataRepository(store).upsertBars(options.symbol, series, result.source),
            config.DATABASE_URL,
          );
    return {
      symbol: options.symbol.toUpperCase(),
      source: result.source,
      from: toIsoDate(options.from),
      to: toIsoDate(options.to),
      bars: series.length,
      first: series.length ? toIsoDate(series.time[0]) : null,
      last: series.length ? toIsoDate(series.time[series.length - 1]) : null,
      fromCache: result.fromCache,
      splits: result.splits.map((s: SplitEvent) => ({ date: toIsoDate(s.time), ratio: s.ratio })),
      attempts: result.attempts,
      validation: {
        mode,
        ok: validation.ok,
        issues: validation.issues,
        changes: validation.changes,
      },
      stored: stored
        ? { inserted: stored.inserted, updated: stored.updated, unchanged: stored.unchanged }
        : null,
    };
  } finally {
    service.close();
    await cache.close();
  }
}

function reportText(r: FetchReport): string {
  const lines = [
    `${r.symbol}: ${r.bars} bars ${r.first ?? '-'} .. ${r.last ?? '-'} from ${r.source}${r.fromCache ? ' (cache)' : ''}`,
  ];
  for (const a of r.attempts.filter((x) => x.outcome !== 'served'))
    lines.push(`  ${a.outcome} ${a.provider}: ${a.reason}`);
  for (const s of r.splits) lines.push(`  split ${s.date} ratio ${s.ratio}`);
  for (const c of r.validation.changes) lines.push(`  repaired: ${c.message}`);
  for (const i of r.validation.issues.filter((x) => x.severity === 'warning'))
    lines.push(`  warning: ${i.message}`);
  if (r.stored)
    lines.push(
      `  stored: ${r.stored.inserted} inserted, ${r.stored.updated} updated, ${r.stored.unchanged} unchanged`,
    );
  else lines.push('  not stored');
  return lines.join('\n') + '\n';
}

/** Adds `fetch` under the existing `data` command (src/cli/commands/data.ts). */
export function registerDataFetchCommand(dataCommand: Command): void {
  dataCommand
    .command('fetch')
    .description(
      'Fetch daily bars from the market-data providers (MARKET_DATA_PROVIDERS order, with failover), ' +
        'validate them and store them with the serving provider as source',
    )
    .argument('<symbol>', 'ticker, e.g. ACME or BRK.B')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD (default today)')
    .option('--provider <name>', 'use only this provider (yahoo, alphavantage, tiingo, csv)')
    .option('--strict', 'reject the data on the first validation error instead of repairing it')
    .option('--no-store', 'print only; do not write to the database')
    .option(
      '--json',
      'print { symbol, source, bars, first, last, splits, attempts, validation, stored }',
    )
    .action(
      async (
        symbol: string,
        options: {
          from: string;
          to?: string;
          provider?: string;
          strict?: boolean;
          store: boolean;
          json?: boolean;
        },
      ) => {
        const from = parseIsoDate(options.from, '--from');
        const to = options.to
          ? parseIsoDate(options.to, '--to')
          : Date.parse(new Date().toISOString().slice(0, 10));
        if (from > to) throw new InputError('--from', options.from, 'is after --to');
        let report: FetchReport;
        try {
          report = await fetchMarketData({
            symbol,
            from,
            to,
            provider: options.provider,
            mode: options.strict ? 'strict' : 'repair',
            store: options.store,
          });
        } catch (error) {
          const { AllProvidersFailedError } = await import('./market-data-service.ts');
          if (error instanceof AllProvidersFailedError) {
            if (error.symbolUnknown) throw new InputError('symbol', symbol, 'no provider knows it');
            process.stderr.write(`microcap: ${error.message}\n`);
            process.exitCode = 1;
            return;
          }
          throw error;
        }
        if (options.json) await writeJson(report);
        else await writeOut(reportText(report));
      },
    );
}
