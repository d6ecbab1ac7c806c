import type { Command } from 'commander';
import { Option } from 'commander';
import { writeJson, writeOut } from '../output.ts';

/**
 * `microcap news fetch SYMBOL --feed URL`: ingest an RSS 2.0 / Atom feed into news_items with a
 * sentiment score per item; `microcap news sentiment SYMBOL`: the daily sentiment series.
 */

interface FetchOptions {
  feed: string;
  provider?: 'local' | 'openai';
  json?: boolean;
}

interface SentimentOptions {
  from?: string;
  to?: string;
  json?: boolean;
}

export function registerNewsCommand(program: Command): void {
  const news = program.command('news').description('News feeds and daily news sentiment');

  news
    .command('fetch')
    .description('Fetch an RSS/Atom feed for SYMBOL, score each item and store it (idempotent)')
    .argument('<SYMBOL>', 'ticker the feed is about')
    .requiredOption('--feed <URL>', 'RSS 2.0 or Atom feed URL')
    .addOption(
      new Option('--provider <name>', 'score with this provider only').choices(['local', 'openai']),
    )
    .option('--json', 'print the fetch report as JSON')
    .action(async (symbolArg: string, options: FetchOptions) => {
      const { loadConfig } = await import('../../infra/config.ts');
      const { createLogger } = await import('../../infra/logger.ts');
      const { withStore } = await import('../../store/with-store.ts');
      const { NewsRepository } = await import('../../store/repositories/news-repository.ts');
      const { createAiService, cliUser } = await import('../../ai/service.ts');
      const { cliCallAudit } = await import('../llm-audit.ts');
      const { fetchNews, normaliseSymbol, parseFeedUrl } =
        await import('../../ai/news/news-service.ts');
      const symbol = normaliseSymbol(symbolArg);
      parseFeedUrl(options.feed);
      const config = loadConfig();
      const logger = createLogger({ level: config.LOG_LEVEL });
      const report = await withStore(async (store) => {
        const manager = await createAiService({
          config,
          store,
          provider: options.provider,
          user: cliUser(),
          audit: cliCallAudit(store),
          logger,
        });
        try {
          return await fetchNews({
            symbol,
            feedUrl: options.feed,
            manager,
            news: new NewsRepository(store),
          });
        } finally {
          manager.close();
        }
      });
      if (options.json) {
        await writeJson(report);
        return;
      }
      const providers = [...new Set(report.scoredBy.map((s) => `${s.provider} (${s.model})`))];
      await writeOut(
        `${report.symbol}: ${report.items} item(s) from ${report.format} feed ${report.feed}` +
          (report.skipped > 0 ? `, ${report.skipped} skipped (no title or date)` : '') +
          `\nScored by: ${providers.join(', ') || 'nothing to score'}\n`,
      );
    });

  news
    .command('sentiment')
    .description('Daily news sentiment for SYMBOL from stored news (mean score -1..1 per day)')
    .argument('<SYMBOL>', 'ticker')
    .option('--from <DATE>', 'first day, YYYY-MM-DD')
    .option('--to <DATE>', 'last day, YYYY-MM-DD')
    .option(
      '--json',
      'print { symbol, from, to, series: [ { date, sentiment, items, positive, negative } ] }',
    )
    .action(async (symbolArg: string, options: SentimentOptions) => {
      const { parseIsoDate } = await import('../../domain/time.ts');
      const { InputError } = await import('../../domain/errors.ts');
      const { withStore } = await import('../../store/with-store.ts');
      const { NewsRepository } = await import('../../store/repositories/news-repository.ts');
      const { normaliseSymbol } = await import('../../ai/news/news-service.ts');
      const { dailySentimentSeries } = await import('../../ai/news/sentiment-series.ts');
      const symbol = normaliseSymbol(symbolArg);
      const from = options.from === undefined ? undefined : parseIsoDate(options.from, 'from');
      const to = options.to === undefined ? undefined : parseIsoDate(options.to, 'to');
      if (from !== undefined && to !== undefined && from > to) {
        throw new InputError('from', options.from, `is after --to ${options.to}`);
      }
      const items = await withStore((store) =>
        new NewsRepository(store).list({
          symbol,
          from,
          // Through the end of the --to day.
          to: to === undefined ? undefined : to + 86_400_000 - 1,
          limit: 100_000,
        }),
      );
      const series = dailySentimentSeries(items);
      if (options.json) {
        await writeJson({ symbol, from: options.from ?? null, to: options.to ?? null, series });
        return;
      }
      if (series.length === 0) {
        await writeOut(`${symbol}: no stored news in the period\n`);
        return;
      }
      const lines = series.map(
        (d) =>
          `${d.date}  ${d.sentiment >= 0 ? ' ' : ''}${d.sentiment.toFixed(4)}  ${String(d.items).padStart(5)}  ${String(d.positive).padStart(5)}  ${String(d.negative).padStart(5)}`,
      );
      await writeOut(
        `${symbol} daily news sentiment\ndate        sentiment  items    pos    neg\n${lines.join('\n')}\n`,
      );
    });
}
