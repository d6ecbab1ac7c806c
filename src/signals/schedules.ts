import { z } from 'zod';
import { parseSizingSpec } from '../backtest/sizing.ts';
import { InputError } from '../domain/errors.ts';
import { toIsoDate } from '../domain/time.ts';
import type { EventBus } from '../infra/event-bus.ts';
import type { BarSource } from '../paper/bar-source.ts';
import { runPaperDay } from '../paper/service.ts';
import type { Store } from '../store/database.ts';
import { newId, num } from '../store/ids.ts';
import { fromJsonText, toJsonText } from '../store/json.ts';
import { StrategyConfigRepository } from '../store/repositories/strategy-config-repository.ts';
import { createStrategy } from '../strategies/registry.ts';
import type { StrategyContext } from '../strategies/types.ts';
import { AFTER_CLOSE, DEFAULT_TIMEZONE, localDate, parseCron, validateTimeZone } from './cron.ts';
import { paperDb, type PaperDb, type ScheduleTable } from './db-schema.ts';
import { signalGeneratedEvent } from './events.ts';
import { signalsFromIntents } from './generate.ts';
import { parsePipelineSettings } from './limits.ts';
import { runSignalPipeline } from './pipeline.ts';
import type { SignalReviewer } from './review.ts';
import { saveDecisions } from './signal-store.ts';
import {
  filterUniverse,
  universeFilterSchema,
  type MarketCapSource,
  type UniverseFilter,
} from './universe.ts';

/**
 * A schedule: a strategy configuration run over a symbol universe on a cron schedule. With a
 * paper portfolio it runs that portfolio's daily routine; without one it only produces
 * signals (through the whole pipeline, against a flat notional account) for review.
 */
export interface Schedule {
  readonly id: string;
  readonly name: string;
  readonly strategy: string;
  readonly params: Record<string, string | number | boolean>;
  readonly strategyConfigId: string | null;
  readonly symbols: readonly string[];
  readonly universe: UniverseFilter;
  readonly portfolioId: string | null;
  readonly cron: string;
  readonly timezone: string;
  readonly enabled: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ScheduleDeps {
  readonly store: Store;
  readonly bars: BarSource;
  readonly caps?: MarketCapSource | null;
  readonly reviewer?: SignalReviewer | null;
  readonly events?: Pick<EventBus, 'publish'> | null;
}

export const newScheduleSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** A registry strategy id, or omit it and name a saved configuration. */
  strategy: z.string().min(1).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** Name or id of a saved strategy configuration (`strategies` table). */
  config: z.string().min(1).optional(),
  symbols: z.array(z.string().trim().min(1).max(32)).max(2000).default([]),
  universe: universeFilterSchema.default(universeFilterSchema.parse({})),
  /** Paper portfolio name: the schedule runs its daily routine. */
  portfolio: z.string().min(1).nullable().default(null),
  cron: z.string().min(1).default(AFTER_CLOSE),
  timezone: z.string().min(1).default(DEFAULT_TIMEZONE),
  enabled: z.boolean().default(true),
});

export type NewSchedule = z.input<typeof newScheduleSchema>;

/** What PATCH and `updateSchedule` take: any of a schedule's fields; absent ones stay. */
export const scheduleChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    strategy: z.string().min(1),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    config: z.string().min(1),
    symbols: z.array(z.string().trim().min(1).max(32)).max(2000),
    universe: universeFilterSchema,
    /** A paper portfolio name, or null to make it a signal-only schedule. */
    portfolio: z.string().min(1).nullable(),
    cron: z.string().min(1),
    timezone: z.string().min(1),
    enabled: z.boolean(),
  })
  .partial()
  .strict();

export type ScheduleChanges = z.input<typeof scheduleChangesSchema>;

/** The first problem of a zod parse as an InputError naming the field. */
function parsed<T>(result: z.ZodSafeParseResult<T>, what: string): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(issue.path.join('.') || what, undefined, issue.message);
}

/** Strategy, merged params and configuration id from a saved configuration's name or id. */
async function fromSavedConfig(
  store: Store,
  nameOrId: string,
  params: Record<string, string | number | boolean>,
): Promise<{
  strategy: string;
  params: Record<string, string | number | boolean>;
  configId: string;
}> {
  const configs = new StrategyConfigRepository(store);
  const config = (await configs.findByName(nameOrId)) ?? (await configs.get(nameOrId));
  if (!config) {
    throw new InputError('config', nameOrId, 'no saved strategy configuration by that name or id');
  }
  return {
    strategy: config.strategyId,
    params: { ...(config.params as Record<string, string | number | boolean>), ...params },
    configId: config.id,
  };
}

async function portfolioIdByName(db: PaperDb, name: string): Promise<string> {
  const row = await db
    .selectFrom('portfolios')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw new InputError('portfolio', name, 'no such paper portfolio');
  return row.id;
}

/** The checks every stored schedule passes, whether it was just added or changed. */
async function checkScheduleRow(db: PaperDb, row: ScheduleTable): Promise<void> {
  parseCron(row.cron);
  validateTimeZone(row.timezone);
  createStrategy(row.strategy, fromJsonText(row.params_json));
  if (row.portfolio_id === null && fromJsonText<string[]>(row.symbols_json).length === 0) {
    throw new InputError('symbols', '', 'a schedule without a portfolio needs symbols');
  }
  const sameName = await db
    .selectFrom('schedules')
    .select('id')
    .where('name', '=', row.name)
    .where('id', '!=', row.id)
    .executeTakeFirst();
  if (sameName) throw new InputError('name', row.name, 'a schedule with this name exists');
}

export async function createSchedule(
  store: Store,
  input: NewSchedule,
  now = Date.now(),
): Promise<Schedule> {
  const v = parsed(newScheduleSchema.safeParse(input), 'schedule');
  const db = paperDb(store);
  let strategy = v.strategy ?? null;
  let params = v.params;
  let configId: string | null = null;
  if (v.config) ({ strategy, params, configId } = await fromSavedConfig(store, v.config, v.params));
  if (!strategy)
    throw new InputError('strategy', undefined, 'name a strategy or a saved configuration');
  const row: ScheduleTable = {
    id: newId(),
    name: v.name,
    strategy,
    params_json: toJsonText(params),
    strategy_config_id: configId,
    symbols_json: toJsonText(v.symbols.map((s) => s.toUpperCase())),
    universe_json: toJsonText(v.universe),
    portfolio_id: v.portfolio ? await portfolioIdByName(db, v.portfolio) : null,
    cron: v.cron,
    timezone: v.timezone,
    enabled: v.enabled ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await checkScheduleRow(db, row);
  await db.insertInto('schedules').values(row).execute();
  return toSchedule(row);
}

/**
 * Changes some of a schedule's fields and checks the result as `createSchedule` would. A new
 * `config` takes the saved configuration's strategy and parameters (plus `params`); a new
 * `strategy` replaces strategy and parameters (`params`, else none); `params` alone replaces the
 * parameters of the same strategy. `portfolio: null` makes it a signal-only schedule.
 */
export async function updateSchedule(
  store: Store,
  nameOrId: string,
  changes: ScheduleChanges,
  now = Date.now(),
): Promise<Schedule> {
  const v = parsed(scheduleChangesSchema.safeParse(changes), 'changes');
  if (Object.keys(v).length === 0) {
    throw new InputError('changes', '{}', 'name at least one field to change');
  }
  const db = paperDb(store);
  const current = await findSchedule(store, nameOrId);
  let strategy = current.strategy;
  let params = current.params;
  let configId = current.strategyConfigId;
  if (v.config !== undefined) {
    if (v.strategy !== undefined) {
      throw new InputError(
        'strategy',
        v.strategy,
        'give a strategy or a saved configuration, not both',
      );
    }
    ({ strategy, params, configId } = await fromSavedConfig(store, v.config, v.params ?? {}));
  } else if (v.strategy !== undefined) {
    strategy = v.strategy;
    params = v.params ?? {};
    configId = null;
  } else if (v.params !== undefined) {
    params = v.params;
  }
  const row: ScheduleTable = {
    id: current.id,
    name: v.name ?? current.name,
    strategy,
    params_json: toJsonText(params),
    strategy_config_id: configId,
    symbols_json: toJsonText((v.symbols ?? current.symbols).map((s) => s.toUpperCase())),
    universe_json: toJsonText(v.universe ?? current.universe),
    portfolio_id:
      v.portfolio === undefined
        ? current.portfolioId
        : v.portfolio === null
          ? null
          : await portfolioIdByName(db, v.portfolio),
    cron: v.cron ?? current.cron,
    timezone: v.timezone ?? current.timezone,
    enabled: (v.enabled ?? current.enabled) ? 1 : 0,
    created_at: current.createdAt,
    updated_at: now,
  };
  await checkScheduleRow(db, row);
  const { id: _id, created_at: _created, ...changed } = row;
  await db.updateTable('schedules').set(changed).where('id', '=', current.id).execute();
  return toSchedule(row);
}

export async function listSchedules(store: Store): Promise<Schedule[]> {
  const rows = await paperDb(store).selectFrom('schedules').selectAll().orderBy('name').execute();
  return rows.map(toSchedule);
}

export async function findSchedule(store: Store, nameOrId: string): Promise<Schedule> {
  const row = await paperDb(store)
    .selectFrom('schedules')
    .selectAll()
    .where((eb) => eb.or([eb('name', '=', nameOrId), eb('id', '=', nameOrId)]))
    .executeTakeFirst();
  if (!row) throw new InputError('schedule', nameOrId, 'no such schedule');
  return toSchedule(row);
}

export async function setScheduleEnabled(
  store: Store,
  nameOrId: string,
  enabled: boolean,
): Promise<Schedule> {
  const schedule = await findSchedule(store, nameOrId);
  await paperDb(store)
    .updateTable('schedules')
    .set({ enabled: enabled ? 1 : 0, updated_at: Date.now() })
    .where('id', '=', schedule.id)
    .execute();
  return { ...schedule, enabled };
}

export async function deleteSchedule(store: Store, nameOrId: string): Promise<void> {
  const schedule = await findSchedule(store, nameOrId);
  await paperDb(store).deleteFrom('schedules').where('id', '=', schedule.id).execute();
}

function toSchedule(row: ScheduleTable): Schedule {
  return {
    id: row.id,
    name: row.name,
    strategy: row.strategy,
    params: fromJsonText(row.params_json),
    strategyConfigId: row.strategy_config_id,
    symbols: fromJsonText(row.symbols_json),
    universe: universeFilterSchema.parse(fromJsonText(row.universe_json)),
    portfolioId: row.portfolio_id,
    cron: row.cron,
    timezone: row.timezone,
    enabled: num(row.enabled) === 1,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export interface ScheduleRun {
  readonly scheduleId: string;
  readonly dueAt: number;
  readonly claimedBy: string;
  readonly status: string;
  readonly summary: unknown;
}

/**
 * Claims the (schedule, due time) pair for `owner`. The primary key makes the claim atomic in
 * every dialect: of several processes, exactly one gets true.
 */
export async function claimScheduleRun(
  db: PaperDb,
  scheduleId: string,
  dueAt: number,
  owner: string,
  now = Date.now(),
): Promise<boolean> {
  try {
    await db
      .insertInto('schedule_runs')
      .values({
        schedule_id: scheduleId,
        due_at: dueAt,
        claimed_by: owner,
        started_at: now,
        finished_at: null,
        status: 'running',
        summary_json: toJsonText(null),
      })
      .execute();
    return true;
  } catch (error) {
    const existing = await db
      .selectFrom('schedule_runs')
      .select('claimed_by')
      .where('schedule_id', '=', scheduleId)
      .where('due_at', '=', dueAt)
      .executeTakeFirst();
    if (existing) return false;
    throw error;
  }
}

export async function finishScheduleRun(
  db: PaperDb,
  scheduleId: string,
  dueAt: number,
  status: 'completed' | 'failed' | 'skipped',
  summary: unknown,
  now = Date.now(),
): Promise<void> {
  await db
    .updateTable('schedule_runs')
    .set({ status, summary_json: toJsonText(summary), finished_at: now })
    .where('schedule_id', '=', scheduleId)
    .where('due_at', '=', dueAt)
    .execute();
}

export async function listScheduleRuns(
  store: Store,
  scheduleId?: string,
  limit = 100,
): Promise<ScheduleRun[]> {
  let query = paperDb(store).selectFrom('schedule_runs').selectAll();
  if (scheduleId) query = query.where('schedule_id', '=', scheduleId);
  const rows = await query.orderBy('due_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    scheduleId: r.schedule_id,
    dueAt: num(r.due_at),
    claimedBy: r.claimed_by,
    status: r.status,
    summary: fromJsonText(r.summary_json),
  }));
}

/**
 * Executes an occurrence already claimed in schedule_runs and records its outcome there:
 * `completed` with the summary, or `failed` with the error's message (the error is rethrown).
 */
export async function executeAndRecord(
  deps: ScheduleDeps,
  schedule: Schedule,
  dueAt: number,
): Promise<unknown> {
  const db = paperDb(deps.store);
  try {
    const summary = await executeSchedule(deps, schedule, dueAt);
    await finishScheduleRun(db, schedule.id, dueAt, 'completed', summary);
    return summary;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishScheduleRun(db, schedule.id, dueAt, 'failed', { error: message });
    throw error;
  }
}

const NOTIONAL_EQUITY = 100_000;

/**
 * Executes one due occurrence: the portfolio's daily routine, or a signal-only pass over the
 * universe (flat notional account of $100,000, percent:10 sizing for the estimates).
 */
export async function executeSchedule(
  deps: ScheduleDeps,
  schedule: Schedule,
  dueAt: number,
): Promise<unknown> {
  const date = localDate(dueAt, schedule.timezone);
  const db = paperDb(deps.store);
  if (schedule.portfolioId) {
    const row = await db
      .selectFrom('portfolios')
      .select('name')
      .where('id', '=', schedule.portfolioId)
      .executeTakeFirst();
    if (!row)
      throw new InputError('portfolio', schedule.portfolioId, "the schedule's portfolio is gone");
    const result = await runPaperDay(
      {
        store: deps.store,
        bars: deps.bars,
        reviewer: deps.reviewer ?? null,
        events: deps.events ?? null,
      },
      row.name,
      toIsoDate(date),
    );
    return {
      kind: 'paper-run',
      portfolio: row.name,
      status: result.status,
      days: result.days.length,
    };
  }
  const loaded = [];
  for (const symbol of schedule.symbols)
    loaded.push({ symbol, series: await deps.bars.load(symbol, date) });
  const universe = await filterUniverse(loaded, schedule.universe, deps.caps ?? null);
  const settings = parsePipelineSettings({});
  const candidates = [];
  for (const [k, decision] of universe.entries()) {
    const series = loaded[k].series;
    if (!decision.included || !series) continue;
    const strategy = createStrategy(schedule.strategy, schedule.params).strategy;
    strategy.init(series);
    const index = series.length - 1;
    const ctx: StrategyContext = {
      index,
      bars: series,
      position: 0,
      entryPrice: NaN,
      entryIndex: -1,
      units: 0,
      stopPrice: NaN,
      hasPendingEntry: false,
      equity: NOTIONAL_EQUITY,
      cash: NOTIONAL_EQUITY,
      allowShort: false,
    };
    const result = strategy.onBar(ctx);
    if (!result) continue;
    const { signals } = signalsFromIntents(result, {
      symbol: decision.symbol,
      strategy: schedule.strategy,
      series,
      index,
      position: 0,
      equity: NOTIONAL_EQUITY,
      buyingPower: NOTIONAL_EQUITY,
      sizing: parseSizingSpec('percent:10'),
      baseConfidence: settings.baseConfidence,
    });
    for (const signal of signals)
      candidates.push({ signal, market: { series, index, asOf: date } });
  }
  const decisions = await runSignalPipeline(
    candidates,
    {
      equity: NOTIONAL_EQUITY,
      buyingPower: NOTIONAL_EQUITY,
      positions: [],
      pendingEntries: 0,
      previousEquity: NaN,
    },
    { settings, reviewer: deps.reviewer ?? null },
  );
  await saveDecisions(db, decisions, null);
  for (const d of decisions) {
    await deps.events?.publish('SignalGenerated', signalGeneratedEvent(d));
  }
  return {
    kind: 'signals',
    date: toIsoDate(date),
    universe: universe.filter((u) => u.included).length,
    excluded: universe
      .filter((u) => !u.included)
      .map((u) => ({ symbol: u.symbol, reason: u.reason })),
    accepted: decisions.filter((d) => d.status === 'accepted').length,
    rejected: decisions.filter((d) => d.status === 'rejected').length,
  };
}
