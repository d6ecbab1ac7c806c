/**
 * Market-data providers. Each lives in its own folder with the same two files:
 *   <name>/parse.ts     pure functions from the provider's documented JSON (or files) to
 *                       ProviderBars / Quote, with zod schemas, so a changed format fails with
 *                       a ProviderResponseError naming the provider and the field;
 *   <name>/provider.ts  the MarketDataProvider: URLs, auth, HTTP via ../http.ts, errors.
 * To add one: create the folder, add it to PROVIDER_NAMES in src/infra/config.ts and to
 * createProvider below, and add a harness (fixture routes) in test/providers/support/harnesses.ts
 * so the shared contract test (test/providers/provider.contract.test.ts) runs against it.
 */
import type { Config, ProviderName } from '../../infra/config.ts';
import { AlphaVantageProvider } from './alphavantage/provider.ts';
import { CsvProvider } from './csv/provider.ts';
import { TiingoProvider } from './tiingo/provider.ts';
import type { MarketDataProvider } from './types.ts';
import { YahooProvider } from './yahoo/provider.ts';

export type {
  MarketDataProvider,
  ProviderBars,
  Quote,
  RateLimitSpec,
  RequestOptions,
  SplitEvent,
} from './types.ts';

type ProviderConfig = Pick<
  Config,
  | 'MARKET_DATA_TIMEOUT_MS'
  | 'MARKET_DATA_CSV_DIR'
  | 'ALPHAVANTAGE_API_KEY'
  | 'TIINGO_API_KEY'
  | 'YAHOO_BASE_URL'
  | 'ALPHAVANTAGE_BASE_URL'
  | 'TIINGO_BASE_URL'
  | 'YAHOO_REQUESTS_PER_MINUTE'
  | 'ALPHAVANTAGE_REQUESTS_PER_MINUTE'
  | 'TIINGO_REQUESTS_PER_MINUTE'
>;

/** Builds one provider from the configuration. */
export function createProvider(name: ProviderName, config: ProviderConfig): MarketDataProvider {
  const timeoutMs = config.MARKET_DATA_TIMEOUT_MS;
  switch (name) {
    case 'yahoo':
      return new YahooProvider({
        baseUrl: config.YAHOO_BASE_URL,
        timeoutMs,
        requestsPerMinute: config.YAHOO_REQUESTS_PER_MINUTE,
      });
    case 'alphavantage':
      return new AlphaVantageProvider({
        apiKey: config.ALPHAVANTAGE_API_KEY,
        baseUrl: config.ALPHAVANTAGE_BASE_URL,
        timeoutMs,
        requestsPerMinute: config.ALPHAVANTAGE_REQUESTS_PER_MINUTE,
      });
    case 'tiingo':
      return new TiingoProvider({
        apiKey: config.TIINGO_API_KEY,
        baseUrl: config.TIINGO_BASE_URL,
        timeoutMs,
        requestsPerMinute: config.TIINGO_REQUESTS_PER_MINUTE,
      });
    case 'csv':
      return new CsvProvider({ dir: config.MARKET_DATA_CSV_DIR });
  }
}

/** The providers in the configured order (MARKET_DATA_PROVIDERS). */
export function createProviders(
  config: ProviderConfig & Pick<Config, 'MARKET_DATA_PROVIDERS'>,
): MarketDataProvider[] {
  return config.MARKET_DATA_PROVIDERS.map((name) => createProvider(name, config));
}
