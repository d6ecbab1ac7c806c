import type { MarketDataProvider, ProviderBars, Quote, RequestOptions } from '../types.ts';
import { type HttpProviderOptions, HttpProvider, requireApiKey } from '../http.ts';
import { DAY_MS } from '../parse-helpers.ts';
import { PROVIDER, parseDaily, parseGlobalQuote } from './parse.ts';

export interface AlphaVantageOptions extends HttpProviderOptions {
  apiKey?: string;
  /** TIME_SERIES_DAILY_ADJUSTED (premium; gives split coefficients) instead of TIME_SERIES_DAILY. */
  adjusted?: boolean;
  /** For `outputsize`: the time "now" (tests). */
  now?: () => number;
}

/** `compact` holds the latest 100 sessions; older ranges need `full`. */
const COMPACT_SPAN_MS = 130 * DAY_MS;

export class AlphaVantageProvider
  extends HttpProvider<AlphaVantageOptions>
  implements MarketDataProvider
{
  constructor(options: AlphaVantageOptions = {}) {
    super(PROVIDER, options, { baseUrl: 'https://www.alphavantage.co', requestsPerMinute: 5 });
  }

  isAvailable(): boolean {
    return Boolean(this.options.apiKey);
  }

  private queryUrl(params: Record<string, string>): string {
    const apikey = requireApiKey(PROVIDER, this.options.apiKey, 'ALPHAVANTAGE_API_KEY');
    return this.url('/query', { ...params, apikey });
  }

  async historicalBars(
    symbol: string,
    from: number,
    to: number,
    request?: RequestOptions,
  ): Promise<ProviderBars> {
    const now = this.options.now?.() ?? Date.now();
    const url = this.queryUrl({
      function: this.options.adjusted ? 'TIME_SERIES_DAILY_ADJUSTED' : 'TIME_SERIES_DAILY',
      symbol,
      outputsize: now - from <= COMPACT_SPAN_MS ? 'compact' : 'full',
      datatype: 'json',
    });
    return parseDaily(await this.getJson(url, request), symbol, from, to);
  }

  async quote(symbol: string, request?: RequestOptions): Promise<Quote> {
    return parseGlobalQuote(
      await this.getJson(this.queryUrl({ function: 'GLOBAL_QUOTE', symbol }), request),
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
