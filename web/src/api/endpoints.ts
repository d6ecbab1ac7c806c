import type { ParamSpecJson } from '../lib/param-form.ts';
import type { EquityPoint, TradeRow } from '../lib/trades.ts';
import { api, fetchBlob, type PublicUser } from './http.ts';

/**
 * Typed calls to the REST API (src/server/routes/*.ts). Shapes mirror the route schemas; the
 * paths are collected here so a route change is a one-file change.
 */

export interface StrategyJson {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly rules?: readonly string[];
  readonly params: readonly ParamSpecJson[];
}

export interface StrategyConfigJson {
  readonly id: string;
  readonly name: string;
  readonly strategyId: string;
  readonly description: string | null;
  readonly params: Record<string, unknown>;
  readonly ownerId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface JobJson {
  readonly id: string;
  readonly kind: string;
  readonly status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | string;
  readonly progress: number;
  readonly message: string | null;
  readonly result: unknown;
  readonly error: string | null;
  readonly attempts: number;
  readonly userId: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export type Metrics = Readonly<Record<string, number | null>>;

export interface BacktestSummaryJson {
  readonly id: string;
  readonly ownerId: string | null;
  readonly createdAt: number;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly params: Record<string, unknown>;
  readonly metrics: Metrics;
}

export interface BacktestResultJson {
  readonly strategy: string;
  readonly params: Record<string, unknown>;
  readonly symbols: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly initialCapital: number;
  readonly finalValue: number;
  readonly synthetic?: boolean;
  readonly settings?: Record<string, unknown>;
  readonly metrics: Metrics;
  readonly trades: readonly TradeRow[];
  readonly equity: readonly EquityPoint[];
}

export interface StoredBacktestJson {
  readonly id: string;
  readonly ownerId: string | null;
  readonly createdAt: number;
  readonly result: BacktestResultJson;
  readonly aiInsights: unknown;
}

/** Which bars a backtest or sweep runs on. */
export type RunDataJson = { kind: 'demo'; seed?: number } | { kind: 'symbols'; symbols: string[] };

export interface BacktestRequestBody {
  readonly strategy: string;
  readonly params?: Record<string, string | number | boolean>;
  readonly data: RunDataJson;
  readonly from?: string;
  readonly to?: string;
  readonly cash?: number;
  readonly sizing?: string;
  readonly costs?: 'default' | 'none';
  readonly allowShort?: boolean;
}

export interface SymbolJson {
  readonly symbol: string;
  readonly bars: number;
  readonly first: string;
  readonly last: string;
  readonly sources: readonly string[];
}

export interface BarJson {
  readonly time: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface QualityIssueJson {
  readonly index: number;
  readonly time: string;
  readonly field: string;
  readonly kind: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface QualityReportJson {
  readonly symbol: string;
  readonly bars: number;
  readonly first: string;
  readonly last: string;
  readonly ok: boolean;
  readonly issues: readonly QualityIssueJson[];
}

export interface SignalJson {
  readonly id: string;
  readonly symbol: string;
  readonly strategy: string;
  readonly ts: number;
  readonly action: string;
  readonly strength: number | null;
  readonly price: number | null;
  readonly status: string;
  readonly reason: string | null;
  readonly details?: unknown;
  readonly time: string;
  readonly createdAt: number;
}

export interface PositionJson {
  readonly id: string;
  readonly portfolioId: string;
  readonly symbol: string;
  readonly quantity: number;
  readonly avgPrice: number;
  readonly openedAt: number;
  readonly updatedAt: number;
}

export interface PortfolioJson {
  readonly id: string;
  readonly userId: string | null;
  readonly name: string;
  readonly currency: string;
  readonly initialCash: number;
  readonly cash: number;
  readonly settings: Record<string, unknown>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface AuditEntryJson {
  readonly seq: number;
  readonly ts: number;
  readonly actor: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly details: unknown;
  readonly ip: string | null;
  readonly hash: string;
  readonly time: string;
}

export interface AuditVerifyJson {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBad: { seq: number; problem: string; message: string } | null;
}

export interface HealthJson {
  readonly status: string;
  readonly uptimeSeconds: number;
}

export interface CheckJson {
  readonly ok: boolean;
  readonly latencyMs: number;
  readonly error?: string;
}

export interface ReadyJson {
  readonly ready: boolean;
  readonly database: CheckJson;
  readonly redis: CheckJson | null;
}

export interface QuoteJson {
  readonly symbol: string;
  readonly bar: BarJson;
  readonly previousClose: number | null;
  readonly change: number | null;
  readonly changePct: number | null;
}

const q = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
};

const id = (value: string) => encodeURIComponent(value);

export const endpoints = {
  me: () => api.get<{ user: PublicUser; permissions: string[] }>('/api/auth/me'),
  health: async (): Promise<HealthJson> => {
    const response = await fetch('/health');
    return (await response.json()) as HealthJson;
  },
  /** 200 when ready, 503 with the same body when a dependency is down. */
  ready: async (): Promise<ReadyJson> => {
    const response = await fetch('/ready');
    return (await response.json()) as ReadyJson;
  },

  strategies: () => api.get<StrategyJson[]>('/api/strategies'),
  strategyConfigs: () => api.get<StrategyConfigJson[]>('/api/strategy-configs'),
  createStrategyConfig: (
    body: Omit<StrategyConfigJson, 'id' | 'ownerId' | 'createdAt' | 'updatedAt'>,
  ) => api.post<StrategyConfigJson>('/api/strategy-configs', body),
  updateStrategyConfig: (
    configId: string,
    body: Omit<StrategyConfigJson, 'id' | 'ownerId' | 'createdAt' | 'updatedAt'>,
  ) => api.put<StrategyConfigJson>(`/api/strategy-configs/${id(configId)}`, body),
  deleteStrategyConfig: (configId: string) =>
    api.delete<void>(`/api/strategy-configs/${id(configId)}`),

  submitBacktest: (body: BacktestRequestBody) =>
    api.post<{ jobId: string; job: JobJson }>('/api/backtests', body),
  backtests: (limit = 50) => api.get<BacktestSummaryJson[]>(`/api/backtests${q({ limit })}`),
  backtest: (backtestId: string) => api.get<StoredBacktestJson>(`/api/backtests/${id(backtestId)}`),
  deleteBacktest: (backtestId: string) => api.delete<void>(`/api/backtests/${id(backtestId)}`),
  backtestReport: (backtestId: string) => fetchBlob(`/api/backtests/${id(backtestId)}/report`),

  jobs: (filter: { status?: string; kind?: string; limit?: number } = {}) =>
    api.get<JobJson[]>(`/api/jobs${q(filter)}`),
  job: (jobId: string) => api.get<JobJson>(`/api/jobs/${id(jobId)}`),
  cancelJob: (jobId: string) => api.delete<{ cancelled: boolean }>(`/api/jobs/${id(jobId)}`),
  jobEventsPath: (jobId: string) => `/api/events${q({ jobId })}`,
  /** Every job and bus event the caller may see (server-sent events). */
  eventsPath: () => '/api/events',

  symbols: () => api.get<SymbolJson[]>('/api/market-data/symbols'),
  bars: async (symbol: string, from?: string, to?: string): Promise<BarJson[]> =>
    (
      await api.get<{ symbol: string; bars: BarJson[] }>(
        `/api/market-data/${id(symbol)}/bars${q({ from, to })}`,
      )
    ).bars,
  quote: (symbol: string) => api.get<QuoteJson>(`/api/market-data/${id(symbol)}/quote`),
  quality: (symbol: string) =>
    api.get<QualityReportJson>(`/api/market-data/${id(symbol)}/validation`),
  importCsv: (symbol: string, csv: string) =>
    api.post<{ symbol: string; bars: number; inserted: number; updated: number }>(
      '/api/market-data/import',
      { symbol, csv, source: 'dashboard-upload' },
    ),

  signals: (filter: { status?: string; limit?: number } = {}) =>
    api.get<SignalJson[]>(`/api/signals${q(filter)}`),
  portfolios: () => api.get<PortfolioJson[]>('/api/portfolios'),
  createPortfolio: (body: { name: string; initialCash: number; currency?: string }) =>
    api.post<PortfolioJson>('/api/portfolios', body),
  portfolio: (portfolioId: string) => api.get<PortfolioJson>(`/api/portfolios/${id(portfolioId)}`),
  positions: (portfolioId: string) =>
    api.get<PositionJson[]>(`/api/portfolios/${id(portfolioId)}/positions`),

  audit: (afterSeq = 0, limit = 1000) =>
    api.get<AuditEntryJson[]>(`/api/audit${q({ afterSeq, limit })}`),
  verifyAudit: () => api.get<AuditVerifyJson>('/api/audit/verify'),

  users: () => api.get<PublicUser[]>('/api/users'),
  createUser: (body: { email: string; password: string; role: string; displayName?: string }) =>
    api.post<PublicUser>('/api/users', body),
  updateUser: (
    userId: string,
    body: { role?: string; displayName?: string | null; disabled?: boolean },
  ) => api.patch<PublicUser>(`/api/users/${id(userId)}`, body),
};
