import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { toIsoTime } from '../../domain/time.ts';
import { createEventBus } from '../../infra/event-bus.ts';
import { csvBarSource, storeBarSource } from '../../paper/bar-source.ts';
import { AFTER_CLOSE, DEFAULT_TIMEZONE, nextOccurrence, parseCron } from '../../signals/cron.ts';
import { startScheduler, type SchedulerEvent } from '../../signals/scheduler.ts';
import {
  claimScheduleRun,
  createSchedule,
  deleteSchedule,
  executeSchedule,
  finishScheduleRun,
  findSchedule,
  listScheduleRuns,
  listSchedules,
  setScheduleEnabled,
  type ScheduleDeps,
} from '../../signals/schedules.ts';
import { paperDb } from '../../signals/db-schema.ts';
import { demoMetaCaps } from '../../signals/universe.ts';
import type { Store } from '../../store/database.ts';
import { withStore } from '../../store/with-store.ts';
import { collectKeyValue, parseList, parseNumberOption } from '../options.ts';
import { writeJson, writeOut } from '../output.ts';
import { textTable } from '../table.ts';

async function scheduleDeps(store: Store, data?: string, caps?: string): Promise<ScheduleDeps> {
  return {
    store,
    bars: data ? csvBarSource(data) : storeBarSource(store),
    caps: caps ? await demoMetaCaps(caps) : null,
  };
}

function nextRun(cron: string, timezone: string): string | null {
  const next = nextOccurrence(parseCron(cron), Date.now(), timezone);
  return next === null ? null : toIsoTime(next);
}

export function registerSchedulesCommand(program: Command): void {
  const schedules = program
    .command('schedules')
    .description('Strategy configurations run over a symbol universe on a cron schedule')
    .addHelpText(
      'after',
      `\nCron: 5 fields (or 6 with seconds first) in --timezone (default ${DEFAULT_TIMEZONE}),\n` +
        `or ${AFTER_CLOSE} (the default: 16:30 New York on NYSE trading days). The server (or\n` +
        '`schedules daemon`) runs due schedules: in-process, or as BullMQ job schedulers when\n' +
        'REDIS_URL is set; a due time runs once however many processes run. See docs/signals.md.',
    );

  schedules
    .command('add <name>')
    .description('Add a schedule')
    .option('--strategy <id>', 'registry strategy id')
    .option('--param <k=v>', 'strategy parameter (repeatable)', collectKeyValue)
    .option('--config <name>', 'a saved strategy configuration instead of --strategy')
    .option('--symbols <list>', 'universe, comma-separated')
    .option('--portfolio <name>', "run this paper portfolio's daily routine instead")
    .option('--cron <expr>', `cron expression (default ${AFTER_CLOSE})`)
    .option('--timezone <tz>', `IANA time zone (default ${DEFAULT_TIMEZONE})`)
    .option('--max-market-cap <usd>', 'universe: market cap under this (default 300000000)')
    .option('--min-price <usd>', 'universe: minimum price (default 1)')
    .option('--min-volume <shares>', 'universe: minimum 20-day average volume (default 10000)')
    .option('--disabled', 'add it switched off')
    .option('--json', 'print the schedule as JSON')
    .action(
      async (
        name: string,
        flags: {
          strategy?: string;
          param?: Record<string, string>;
          config?: string;
          symbols?: string;
          portfolio?: string;
          cron?: string;
          timezone?: string;
          maxMarketCap?: string;
          minPrice?: string;
          minVolume?: string;
          disabled?: boolean;
          json?: boolean;
        },
      ) => {
        const universe: Record<string, number> = {};
        const cap = parseNumberOption('max-market-cap', flags.maxMarketCap);
        const price = parseNumberOption('min-price', flags.minPrice);
        const volume = parseNumberOption('min-volume', flags.minVolume);
        if (cap !== undefined) universe.maxMarketCap = cap;
        if (price !== undefined) universe.minPrice = price;
        if (volume !== undefined) universe.minAvgVolume = volume;
        await withStore(async (store) => {
          const schedule = await createSchedule(store, {
            name,
            strategy: flags.strategy,
            params: flags.param ?? {},
            config: flags.config,
            symbols: flags.symbols ? parseList(flags.symbols) : [],
            portfolio: flags.portfolio ?? null,
            cron: flags.cron,
            timezone: flags.timezone,
            universe,
            enabled: !flags.disabled,
          });
          if (flags.json) await writeJson(schedule);
          else {
            await writeOut(
              `added schedule ${schedule.name} (${schedule.strategy}, ${schedule.cron} ${schedule.timezone}); next run ${nextRun(schedule.cron, schedule.timezone) ?? 'never'}\n`,
            );
          }
        });
      },
    );

  schedules
    .command('list')
    .description('Schedules with their next run')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }) => {
      await withStore(async (store) => {
        const all = (await listSchedules(store)).map((s) => ({
          ...s,
          nextRun: s.enabled ? nextRun(s.cron, s.timezone) : null,
        }));
        if (flags.json) await writeJson(all);
        else if (all.length === 0) await writeOut('no schedules\n');
        else {
          await writeOut(
            textTable([
              ['name', 'strategy', 'cron', 'enabled', 'next run', 'target'],
              ...all.map((s) => [
                s.name,
                s.strategy,
                s.cron,
                s.enabled ? 'yes' : 'no',
                s.nextRun ?? '-',
                s.portfolioId ? 'paper portfolio' : `${s.symbols.length} symbols`,
              ]),
            ]) + '\n',
          );
        }
      });
    });

  for (const [command, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    schedules
      .command(`${command} <name>`)
      .description(`${command === 'enable' ? 'Switch on' : 'Switch off'} a schedule`)
      .action(async (name: string) => {
        await withStore(async (store) => {
          await setScheduleEnabled(store, name, enabled);
          await writeOut(`${name}: ${command}d\n`);
        });
      });
  }

  schedules
    .command('remove <name>')
    .description('Delete a schedule and its run history')
    .action(async (name: string) => {
      await withStore(async (store) => {
        await deleteSchedule(store, name);
        await writeOut(`removed ${name}\n`);
      });
    });

  schedules
    .command('runs [name]')
    .description('Past runs (newest first): who ran each due time and what it did')
    .option('--limit <n>', 'most rows (default 50)')
    .option('--json', 'print as JSON')
    .action(async (name: string | undefined, flags: { limit?: string; json?: boolean }) => {
      const limit = parseNumberOption('limit', flags.limit) ?? 50;
      if (!(Number.isInteger(limit) && limit >= 1))
        throw new InputError('limit', flags.limit, 'expected a whole number >= 1');
      await withStore(async (store) => {
        const id = name ? (await findSchedule(store, name)).id : undefined;
        const runs = (await listScheduleRuns(store, id, limit)).map((r) => ({
          ...r,
          due: toIsoTime(r.dueAt),
        }));
        if (flags.json) await writeJson(runs);
        else if (runs.length === 0) await writeOut('no runs\n');
        else {
          await writeOut(
            textTable([
              ['due', 'status', 'claimed by'],
              ...runs.map((r) => [r.due, r.status, r.claimedBy]),
            ]) + '\n',
          );
        }
      });
    });

  schedules
    .command('run <name>')
    .description('Run a schedule now (claimed like a due time, so it runs once)')
    .option('--data <dir>', 'read bars from DIR/SYMBOL.csv instead of the database')
    .option('--caps <dir>', 'market caps from a demo universe folder (SYNTHETIC-META.json)')
    .option('--json', 'print the summary as JSON')
    .action(async (name: string, flags: { data?: string; caps?: string; json?: boolean }) => {
      await withStore(async (store) => {
        const schedule = await findSchedule(store, name);
        const dueAt = Date.now();
        const db = paperDb(store);
        await claimScheduleRun(db, schedule.id, dueAt, 'cli');
        try {
          const summary = await executeSchedule(
            await scheduleDeps(store, flags.data, flags.caps),
            schedule,
            dueAt,
          );
          await finishScheduleRun(db, schedule.id, dueAt, 'completed', summary);
          if (flags.json) await writeJson(summary);
          else await writeOut(`${JSON.stringify(summary)}\n`);
        } catch (error) {
          await finishScheduleRun(db, schedule.id, dueAt, 'failed', { error: String(error) });
          throw error;
        }
      });
    });

  schedules
    .command('daemon')
    .description('Run due schedules until stopped (what `serve` embeds); one JSON line per run')
    .option('--data <dir>', 'read bars from DIR/SYMBOL.csv instead of the database')
    .option('--caps <dir>', 'market caps from a demo universe folder (SYNTHETIC-META.json)')
    .option('--duration <seconds>', 'stop after this long (default: until SIGINT/SIGTERM)')
    .option('--poll-ms <ms>', 'how often schedules are re-read (default 1000)')
    .action(async (flags: { data?: string; caps?: string; duration?: string; pollMs?: string }) => {
      const duration = parseNumberOption('duration', flags.duration);
      const pollMs = parseNumberOption('poll-ms', flags.pollMs);
      if (pollMs !== undefined && !(pollMs >= 50))
        throw new InputError('poll-ms', flags.pollMs, 'expected at least 50');
      await withStore(async (store) => {
        const redisUrl = process.env.REDIS_URL?.trim() || undefined;
        const events = redisUrl ? createEventBus({ redisUrl }) : null;
        const deps = { ...(await scheduleDeps(store, flags.data, flags.caps)), events };
        const scheduler = await startScheduler({
          deps,
          redisUrl,
          prefix: process.env.MICROCAP_REDIS_PREFIX?.trim() || undefined,
          pollMs,
          onError: (error: unknown) => {
            process.stderr.write(
              `microcap: scheduler: ${error instanceof Error ? error.message : String(error)}\n`,
            );
          },
          onEvent: (event: SchedulerEvent) => {
            process.stdout.write(JSON.stringify({ ...event, due: toIsoTime(event.dueAt) }) + '\n');
          },
        });
        process.stdout.write(
          JSON.stringify({ started: scheduler.owner, mode: scheduler.mode }) + '\n',
        );
        await new Promise<void>((resolve) => {
          const done = () => resolve();
          process.once('SIGINT', done);
          process.once('SIGTERM', done);
          if (duration !== undefined) setTimeout(done, duration * 1000);
        });
        await scheduler.stop();
        await events?.close();
      });
    });
}
