import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { paperDb } from '../../signals/db-schema.ts';
import { listSignals } from '../../signals/signal-store.ts';
import { SIGNAL_STAGES } from '../../signals/types.ts';
import { withStore } from '../../store/with-store.ts';
import { parseNumberOption } from '../options.ts';
import { writeJson, writeOut } from '../output.ts';
import { textTable } from '../table.ts';

/** `microcap signals`: stored pipeline decisions, with the stage that stopped each rejection. */
export function registerSignalsCommand(program: Command): void {
  program
    .command('signals')
    .description('Signals from the pipeline: accepted, or rejected with the stage and the reason')
    .option('--portfolio <name>', "only this paper portfolio's signals")
    .option('--symbol <symbol>', 'only this symbol')
    .option('--status <status>', 'accepted | rejected')
    .option('--stage <stage>', `where it stopped: ${SIGNAL_STAGES.join(' | ')}`)
    .option('--limit <n>', 'most rows, newest first (default 50)')
    .option('--json', 'print as JSON')
    .action(
      async (flags: {
        portfolio?: string;
        symbol?: string;
        status?: string;
        stage?: string;
        limit?: string;
        json?: boolean;
      }) => {
        if (flags.status !== undefined && !['accepted', 'rejected'].includes(flags.status)) {
          throw new InputError('status', flags.status, 'expected accepted or rejected');
        }
        if (
          flags.stage !== undefined &&
          !(SIGNAL_STAGES as readonly string[]).includes(flags.stage)
        ) {
          throw new InputError('stage', flags.stage, `expected one of ${SIGNAL_STAGES.join(', ')}`);
        }
        const limit = parseNumberOption('limit', flags.limit) ?? 50;
        if (!(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
          throw new InputError('limit', flags.limit, 'expected a whole number in 1-1000');
        }
        await withStore(async (store) => {
          const db = paperDb(store);
          let portfolioId: string | undefined;
          if (flags.portfolio !== undefined) {
            const row = await db
              .selectFrom('portfolios')
              .select('id')
              .where('name', '=', flags.portfolio)
              .executeTakeFirst();
            if (!row) throw new InputError('portfolio', flags.portfolio, 'no such paper portfolio');
            portfolioId = row.id;
          }
          const rows = await listSignals(db, {
            portfolioId,
            symbol: flags.symbol,
            status: flags.status,
            stage: flags.stage,
            limit,
          });
          if (flags.json) {
            await writeJson(rows);
            return;
          }
          if (rows.length === 0) {
            await writeOut('no signals\n');
            return;
          }
          await writeOut(
            textTable([
              ['date', 'symbol', 'action', 'strategy', 'status', 'stage', 'confidence', 'reason'],
              ...rows.map((r) => [
                r.time,
                r.symbol,
                r.action,
                r.strategy,
                r.status,
                r.stage ?? '-',
                r.confidence === null ? '-' : r.confidence.toFixed(2),
                r.reason ?? '',
              ]),
            ]) + '\n',
          );
        });
      },
    );
}
