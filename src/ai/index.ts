/** The AI layer's public surface (see docs/ai.md). */
export type {
  ChatMessage,
  ContentAnalysis,
  LlmProvider,
  StructuredRequest,
  StructuredResult,
  TextResult,
  TokenUsage,
} from './types.ts';
export { LlmCallError, LlmOutputError, ReplayMissError } from './errors.ts';
export { AiServiceManager } from './manager.ts';
export type { AiServiceOptions, AnalysisMeta, AnalysisResult, AnswerSource } from './manager.ts';
export { createAiService, cliUser } from './service.ts';
export {
  createProviders,
  LocalProvider,
  OpenAiCompatibleProvider,
  PROVIDER_CHOICES,
} from './providers/index.ts';
export type { ProviderChoice } from './providers/index.ts';
export { buildSymbolContext, endOfDay, lastClose } from './context.ts';
export type { Headline, NewsLike, PricePoint, SymbolContext } from './context.ts';
export {
  insightsSchema,
  strategyEvaluationTask,
  summariseBacktest,
} from './analyses/strategy-evaluation.ts';
export type { EvaluationInput, StrategyInsights } from './analyses/strategy-evaluation.ts';
export { evaluateBacktest, parseBacktestJson } from './analyses/evaluate-backtest.ts';
export type { BacktestSource, StoredInsights } from './analyses/evaluate-backtest.ts';
export { signalReviewTask, reviewedStrength } from './analyses/signal-review.ts';
export type { ProposedSignal, SignalReview } from './analyses/signal-review.ts';
export {
  DEFAULT_PORTFOLIO_RULES,
  enforcePortfolioRules,
  portfolioReviewTask,
} from './analyses/portfolio-review.ts';
export type {
  CheckedProposal,
  Holding,
  PortfolioProposal,
  PortfolioRules,
  UniverseMember,
} from './analyses/portfolio-review.ts';
export { reviewPortfolio, reviewSignal } from './analyses/point-in-time.ts';
export type { MarketData } from './analyses/point-in-time.ts';
export { newsSentimentTask } from './analyses/news-sentiment.ts';
export { fetchNews } from './news/news-service.ts';
export { parseFeed } from './news/feed.ts';
export { dailySentimentSeries } from './news/sentiment-series.ts';
export type { DailySentiment } from './news/sentiment-series.ts';
export { scoreSentiment } from './providers/local/sentiment.ts';
export { LlmCallRepository } from './store/llm-call-repository.ts';
export { MemoryCallStore } from './store/call-store.ts';
export type { CallRecord, CallStore } from './store/call-store.ts';
export { migrateAiTables } from './store/migrate.ts';
export { estimateCost, MODEL_PRICES } from './pricing.ts';
