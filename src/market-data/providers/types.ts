import type { BarSeries } from '../../domain/bars.ts';

/**
 * The one shape every market-data provider has (Yahoo, Alpha Vantage, Tiingo, CSV), so the
 * market-data service can put any of them behind failover and one contract test can check all.
 * Times are epoch ms; daily bars are stamped at UTC midnight of the exchange-local date.
 */

/** A stock split on `time`: `ratio` new shares per old share (2 for 2:1, 0.1 for 1:10). */
export interface SplitEvent {
  readonly time: number;
  readonly ratio: number;
}

export interface ProviderBars {
  /** Ascending, one bar per day, limited to the requested range. Prices as traded (unadjusted). */
  readonly series: BarSeries;
  readonly splits?: readonly SplitEvent[];
}

export interface Quote {
  readonly symbol: string;
  readonly price: number;
  /** Epoch ms of the price. */
  readonly time: number;
  readonly volume?: number;
  readonly previousClose?: number;
}

export interface RateLimitSpec {
  /** Requests the provider allows per minute (the service throttles to it). */
  readonly requestsPerMinute: number;
}

export interface RequestOptions {
  /** Aborts the request (timeouts are implemented with it). */
  readonly signal?: AbortSignal;
}

export interface MarketDataProvider {
  readonly name: string;
  readonly rateLimit: RateLimitSpec;
  /** Daily bars for [from, to] (epoch ms, both inclusive). */
  historicalBars(
    symbol: string,
    from: number,
    to: number,
    options?: RequestOptions,
  ): Promise<ProviderBars>;
  quote(symbol: string, options?: RequestOptions): Promise<Quote>;
  quotes(symbols: readonly string[], options?: RequestOptions): Promise<Quote[]>;
  /** False when the provider cannot be used at all (missing API key, missing folder). */
  isAvailable(): boolean;
}
