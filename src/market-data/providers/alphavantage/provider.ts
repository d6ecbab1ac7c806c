import type {
  MarketDataProvider,
  ProviderBars,
  Quote,
  RateLimitSpec,
  RequestOptions,
} from '../types.ts';
import { ProviderUnavailableError } from '../errors.ts';
import { fetchJson } from '../http.ts';
import { DAY_MS } from '../parse-helpers.ts';
import { PROVIDER, parseDaily, parseGlobalQuote } from './parse.ts';

export interface AlphaVantageOptions {
  apiKey?: string;
  baseUrl?: string;
  timeoutMs?: number;
  requestsPerMinute?: number;
  /** TIME_SERIES_DAILY_ADJUSTED (premium; gives split coefficients) instead of TIME_SERIES_DAILY. */
  adjusted?: boolean;
  /** For `outputsize`: the time "now" (tests). */
  now?: () => number;
  fetch?: typeof fetch;
}

/** `compact` holds the latest 100 sessions; older ranges need `full`. */
const COMPACT_SPAN_MS = 130 * DAY_MS;

export class AlphaVantageProvider implements MarketDataProvider {
  readonly name = PROVIDER;
  readonly rateLimit: RateLimitSpec;
  private readonly options: AlphaVantageOptions;
  private readonly baseUrl: string;

  constructor(options: AlphaVantageOptions = {}) {
    this.options = options;
    this.baseUrl = (options.baseUrl ?? 'https://www.alphavantage.co').replace(/\/+$/, '');
    this.rateLimit = { requestsPerMinute: options.requestsPerMinute ?? 5 };
  }

  isAvailable(): boolean {
    return Boolean(this.options.apiKey);
  }

  private url(params: Record<string, string>): string {
    if (!this.options.apiKey)
      throw new ProviderUnavailableError(PROVIDER, 'ALPHAVANTAGE_API_KEY is not set');
    const query = new URLSearchParams({ ...params, apikey: this.options.apiKey });
    return `${this.baseUrl}/query?${query}`;
  }

  private get(url: string, request: RequestOptions = {}): Promise<unknown> {
    return fetchJson(PROVIDER, url, {
      timeoutMs: this.options.timeoutMs ?? 10_000,
      signal: request.signal,
      fetch: this.options.fetch,
    });
  }

  async historicalBars(
    symbol: string,
    from: number,
    to: number,
    request?: RequestOptions,
  ): Promise<ProviderBars> {
    const now = this.options.now?.() ?? Date.now();
    const url = this.url({
      function: this.options.adjusted ? 'TIME_SERIES_DAILY_ADJUSTED' : 'TIME_SERIES_DAILY',
      symbol,
      outputsize: now - from <= COMPACT_SPAN_MS ? 'compact' : 'full',
      datatype: 'json',
    });
    return parseDaily(await this.get(url, request), symbol, from, to);
  }

  async quote(symbol: string, request?: RequestOptions): Promise<Quote> {
    return parseGlobalQuote(
      await this.get(this.url({ function: 'GLOBAL_QUOTE', symbol }), request),
      symbol,
    );
  }

  /** Alpha Vantage has no batch quote on the free tier: one call per symbol, in order. */
  async quotes(symbols: readonly string[], request?: RequestOptions): Promise<Quote[]> {
    const out: Quote[] = [];
    for (const symbol of symbols) out.push(await this.quote(symbol, request));
    return out;
  }
}
