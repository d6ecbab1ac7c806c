import type { Command } from 'commander';
import { Option } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { writeJson, writeOut } from '../output.ts';

/**
 * `microcap analyze --backtest FILE|ID`: an evaluation of a backtest by the configured LLM, or
 * offline by the local analyst, saying which provider answered. With an ID the insights are
 * stored with the saved backtest. Modules load lazily so `--help` stays fast.
 */

interface AnalyzeOptions {
  backtest: string;
  provider?: 'local' | 'openai';
  aiReplay?: boolean;
  json?: boolean;
}

const list = (title: string, items: readonly string[]): string =>
  items.length === 0 ? '' : `${title}:\n${items.map((i) => `  - ${i}`).join('\n')}\n`;

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('Evaluate a backtest result with the LLM (or the offline local analyst)')
    .requiredOption(
      '--backtest <FILE|ID>',
      'a `backtest --json` output file, or a stored backtest id',
    )
    .addOption(
      new Option(
        '--provider <name>',
        'answer with this provider only (openai falls back to local)',
      ).choices(['local', 'openai']),
    )
    .option('--ai-replay', 'answer only from stored responses; never call a provider')
    .option('--json', 'print { backtest, insights, meta } as JSON')
    .addHelpText(
      'after',
      '\nProviders: with LLM_API_KEY (or OPENAI_API_KEY) or LLM_BASE_URL set, the OpenAI-compatible\n' +
        'server answers first (LLM_MODEL, default gpt-4o-mini) and the local analyst is the fallback;\n' +
        'with neither, the local analyst answers offline. Every call is archived in the llm_calls\n' +
        'table of DATABASE_URL; --ai-replay answers from that archive. See docs/ai.md.',
    )
    .action(async (options: AnalyzeOptions) => {
      const { loadConfig } = await import('../../infra/config.ts');
      const { createLogger } = await import('../../infra/logger.ts');
      const { withStore } = await import('../../store/with-store.ts');
      const { BacktestResultRepository } =
        await import('../../store/repositories/backtest-result-repository.ts');
      const { createAiService, cliUser } = await import('../../ai/service.ts');
      const { cliCallAudit } = await import('../llm-audit.ts');
      const { ReplayMissError } = await import('../../ai/errors.ts');
      const evaluation = await import('../../ai/analyses/evaluate-backtest.ts');

      if (options.backtest.trim() === '') {
        throw new InputError('backtest', options.backtest, 'expected a file or an id');
      }
      const config = loadConfig();
      const logger = createLogger({ level: config.LOG_LEVEL });
      // Across CLI runs only Redis can serve the 24 h answer cache; in-process it would be empty.
      const cache = config.REDIS_URL
        ? new (await import('../../infra/cache.ts')).TwoLevelCache({
            redisUrl: config.REDIS_URL,
            logger,
          })
        : null;
      await cache?.waitForL2(1_000);
      const output = await withStore(async (store) => {
        const repository = new BacktestResultRepository(store);
        const source = evaluation.isBacktestFile(options.backtest)
          ? evaluation.readBacktestFile(options.backtest)
          : await evaluation.readStoredBacktest(options.backtest, repository);
        const manager = await createAiService({
          config,
          store,
          provider: options.provider,
          replay: options.aiReplay ?? false,
          user: cliUser(),
          audit: cliCallAudit(store),
          logger,
          cache,
        });
        try {
          const stored = await evaluation.evaluateBacktest(source, manager, repository);
          return { source, stored };
        } catch (error) {
          if (error instanceof ReplayMissError) {
            throw new InputError('ai-replay', options.backtest, error.message);
          }
          throw error;
        } finally {
          manager.close();
        }
      }).finally(() => cache?.close());
      const { source, stored } = output;
      const r = source.result;
      if (options.json) {
        await writeJson({
          backtest: {
            id: source.id,
            file: source.file,
            strategy: r.strategy,
            symbols: r.symbols,
            start: r.start,
            end: r.end,
          },
          insights: stored.insights,
          meta: stored.meta,
        });
        return;
      }
      const m = stored.meta;
      const i = stored.insights;
      const cost = m.costUsd === null ? 'unknown' : `$${m.costUsd.toFixed(6)}`;
      const symbols = r.symbols.length > 5 ? `${r.symbols.length} symbols` : r.symbols.join(', ');
      await writeOut(
        `Strategy evaluation of ${r.strategy} (${symbols}, ${r.start} to ${r.end})\n` +
          `Answered by: ${m.provider} (model ${m.model}), template ${m.task} v${m.templateVersion}, ` +
          `${m.source}, ${m.latencyMs} ms, ${m.tokens.totalTokens} tokens, cost ${cost}\n` +
          m.fallbacks.map((f) => `  (${f.provider} failed: ${f.error})\n`).join('') +
          (source.id ? `Insights stored with backtest ${source.id}\n` : '') +
          `\nSummary: ${i.summary}\n` +
          list('Strengths', i.strengths) +
          list('Weaknesses', i.weaknesses) +
          list('Risks', i.risks) +
          list('Overfitting concerns', i.overfittingConcerns) +
          list(
            'Suggested parameter changes',
            i.suggestedParameterChanges.map(
              (c) => `${c.parameter}: ${c.current ?? '-'} -> ${c.suggested} (${c.reason})`,
            ),
          ) +
          `Confidence: ${i.confidence.toFixed(2)}\n`,
      );
    });
}
