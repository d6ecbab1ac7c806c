import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricLabels, Metrics } from '../infra/metrics.ts';

/**
 * Prometheus metrics of one app instance (its own registry, so tests and several apps in one
 * process never share counters). Also implements the infra `Metrics` interface, so the market
 * data service and the cache report through it.
 */
export class ServerMetrics implements Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly backtests: Counter<'status'>;
  readonly signals: Counter<'status'>;
  readonly providerFailures: Counter<'provider'>;
  readonly breakerState: Gauge<'provider'>;
  readonly cacheRequests: Counter<'level' | 'kind' | 'result'>;
  readonly loginFailures: Counter<'reason'>;
  readonly #cacheCounts = { hit: 0, total: 0 };

  constructor(options: { defaults?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaults ?? true) collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route pattern, method and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.backtests = new Counter({
      name: 'microcap_backtests_total',
      help: 'Backtests run through the API, by outcome',
      labelNames: ['status'],
      registers,
    });
    this.signals = new Counter({
      name: 'microcap_signals_total',
      help: 'Signals generated, by status',
      labelNames: ['status'],
      registers,
    });
    this.providerFailures = new Counter({
      name: 'microcap_provider_failures_total',
      help: 'Market-data provider failures',
      labelNames: ['provider'],
      registers,
    });
    this.breakerState = new Gauge({
      name: 'microcap_provider_breaker_state',
      help: 'Circuit breaker state per provider: 0 closed, 1 half-open, 2 open',
      labelNames: ['provider'],
      registers,
    });
    this.cacheRequests = new Counter({
      name: 'microcap_cache_requests_total',
      help: 'Cache look-ups by level, kind and result',
      labelNames: ['level', 'kind', 'result'],
      registers,
    });
    const counts = this.#cacheCounts;
    new Gauge({
      name: 'microcap_cache_hit_ratio',
      help: 'Share of cache look-ups answered from a cache level since start (0..1)',
      registers,
      collect() {
        this.set(counts.total === 0 ? 0 : counts.hit / counts.total);
      },
    });
    this.loginFailures = new Counter({
      name: 'microcap_login_failures_total',
      help: 'Refused logins by reason',
      labelNames: ['reason'],
      registers,
    });
  }

  /** infra Metrics: maps the data layer's metric names onto the Prometheus ones. */
  increment(name: string, labels: MetricLabels = {}, by = 1): void {
    if (name === 'market_data_provider_failures_total') {
      this.providerFailures.inc({ provider: labels.provider ?? 'unknown' }, by);
    } else if (name === 'cache_requests_total') {
      const result = labels.result ?? 'miss';
      this.cacheRequests.inc({ level: labels.level ?? '', kind: labels.kind ?? '', result }, by);
      // Every look-up asks L1 first (L2 only after an L1 miss): L1 counts the look-ups, a hit
      // at either level counts once.
      if (result === 'hit') this.#cacheCounts.hit += by;
      if (labels.level === 'l1') this.#cacheCounts.total += by;
    } else if (name === 'signals_total') {
      this.signals.inc({ status: labels.status ?? 'generated' }, by);
    }
  }

  gauge(name: string, value: number, labels: MetricLabels = {}): void {
    if (name === 'market_data_breaker_state') {
      this.breakerState.set({ provider: labels.provider ?? 'unknown' }, value);
    }
  }
}
