import { api } from './http.ts';

/**
 * The schedules API (src/server/routes/schedules.ts): list, add, change, run now, delete, and
 * the run history. Shapes mirror src/signals/schedules.ts (Schedule, ScheduleRun).
 */

export type ScheduleParamValue = string | number | boolean;

/** The universe filter (src/signals/universe.ts); the server fills in defaults. */
export interface UniverseFilterJson {
  readonly maxMarketCap: number;
  readonly minPrice: number;
  readonly minAvgVolume: number;
  readonly volumeWindow: number;
  readonly requireMarketCap: boolean;
}

export interface ScheduleJson {
  readonly id: string;
  readonly name: string;
  readonly strategy: string;
  readonly params: Readonly<Record<string, ScheduleParamValue>>;
  readonly strategyConfigId: string | null;
  readonly symbols: readonly string[];
  readonly universe: UniverseFilterJson;
  readonly portfolioId: string | null;
  readonly cron: string;
  readonly timezone: string;
  readonly enabled: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** ISO time of the next occurrence; null when the schedule is switched off. */
  readonly nextRun: string | null;
}

export interface NewScheduleBody {
  readonly name: string;
  readonly strategy?: string;
  readonly params?: Record<string, ScheduleParamValue>;
  /** Name or id of a saved strategy configuration. */
  readonly config?: string;
  readonly symbols?: string[];
  readonly universe?: Partial<Record<keyof UniverseFilterJson, number | boolean>>;
  /** Paper portfolio name: the schedule runs that portfolio's daily routine. */
  readonly portfolio?: string | null;
  readonly cron?: string;
  readonly timezone?: string;
  readonly enabled?: boolean;
}

/** PATCH: any of a schedule's fields; the server checks the result as on creation. */
export type ScheduleChangesBody = Partial<NewScheduleBody>;

/** What "run now" answers: the run's due time and the schedule's summary of it. */
export interface ScheduleRunNowJson {
  readonly name: string;
  readonly due: string;
  readonly status: string;
  readonly summary: unknown;
}

export interface ScheduleRunJson {
  readonly scheduleId: string;
  readonly dueAt: number;
  /** The due time as ISO text. */
  readonly due: string;
  readonly claimedBy: string;
  /** running, completed, failed or skipped. */
  readonly status: string;
  /** What the run did ({ error } when it failed, { reason } when skipped). */
  readonly summary: unknown;
}

const name = (value: string) => encodeURIComponent(value);

export const scheduleEndpoints = {
  list: () => api.get<ScheduleJson[]>('/api/schedules'),
  create: (body: NewScheduleBody) => api.post<ScheduleJson>('/api/schedules', body),
  update: (scheduleName: string, changes: ScheduleChangesBody) =>
    api.patch<ScheduleJson>(`/api/schedules/${name(scheduleName)}`, changes),
  runNow: (scheduleName: string) =>
    api.post<ScheduleRunNowJson>(`/api/schedules/${name(scheduleName)}/run`, {}),
  remove: (scheduleName: string) => api.delete<void>(`/api/schedules/${name(scheduleName)}`),
  runs: (scheduleName: string, limit = 20) =>
    api.get<ScheduleRunJson[]>(`/api/schedules/${name(scheduleName)}/runs?limit=${limit}`),
};
