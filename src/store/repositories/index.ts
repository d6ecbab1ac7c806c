import type { Store } from '../database.ts';
import { ApiCredentialRepository } from './api-credential-repository.ts';
import { AuditLogRepository } from './audit-log-repository.ts';
import { BacktestResultRepository } from './backtest-result-repository.ts';
import { JobRepository } from './job-repository.ts';
import { MarketDataRepository } from './market-data-repository.ts';
import { NewsRepository } from './news-repository.ts';
import { PortfolioRepository } from './portfolio-repository.ts';
import { SignalRepository } from './signal-repository.ts';
import { StrategyConfigRepository } from './strategy-config-repository.ts';
import { SessionRepository, UserRepository } from './user-repository.ts';

/** Every repository over one store, for callers that want them all (server, worker). */
export interface Repositories {
  readonly marketData: MarketDataRepository;
  readonly backtests: BacktestResultRepository;
  readonly strategies: StrategyConfigRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditLogRepository;
  readonly signals: SignalRepository;
  readonly portfolios: PortfolioRepository;
  readonly news: NewsRepository;
  readonly jobs: JobRepository;
  readonly credentials: ApiCredentialRepository;
}

export function createRepositories(store: Store): Repositories {
  return {
    marketData: new MarketDataRepository(store),
    backtests: new BacktestResultRepository(store),
    strategies: new StrategyConfigRepository(store),
    users: new UserRepository(store),
    sessions: new SessionRepository(store),
    audit: new AuditLogRepository(store),
    signals: new SignalRepository(store),
    portfolios: new PortfolioRepository(store),
    news: new NewsRepository(store),
    jobs: new JobRepository(store),
    credentials: new ApiCredentialRepository(store),
  };
}
