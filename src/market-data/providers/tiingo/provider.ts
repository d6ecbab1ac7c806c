import type { MarketDataProvider, ProviderBars, Quote, RequestOptions } from '../types.ts';
import { ProviderHttpError, SymbolNotFoundError } from '../errors.ts';
import { type HttpProviderOptions, HttpProvider, requireApiKey } from '../http.ts';
import { isoDate } from '../parse-helpers.ts';
import { PROVIDER, parseIex, parsePrices } from './parse.ts';

export interface TiingoOptions extends HttpProviderOptions {
  apiKey?: string;
}

export class TiingoProvider extends HttpProvider<TiingoOptions> implements MarketDataProvider {
  constructor(options: TiingoOptions = {}) {
    super(PROVIDER, options, { baseUrl: 'https://api.tiingo.com', requestsPerMinute: 50 });
  }

  isAvailable(): boolean {
    return Boolean(this.options.apiKey);
  }

  /** The token travels in a header (not the URL) so it never lands in logs or error messages. */
  private get(
    path: string,
    params: Record<string, string>,
    request: RequestOptions = {},
  ): Promise<unknown> {
    const apiKey = requireApiKey(PROVIDER, this.options.apiKey, 'TIINGO_API_KEY');
    return this.getJson(this.url(path, params), request, {
      Authorization: `Token ${apiKey}`,
      'Content-Type': 'application/json',
    });
  }

  async historicalBars(
    symbol: string,
    from: number,
    to: number,
    request?: RequestOptions,
  ): Promise<ProviderBars> {
    const path = `/tiingo/daily/${encodeURIComponent(symbol.toLowerCase())}/prices`;
    let body: unknown;
    try {
      body = await this.get(
        path,
        { startDate: isoDate(from), endDate: isoDate(to), format: 'json' },
        request,
      );
    } catch (error) {
      if (error instanceof ProviderHttpError && error.status === 404)
        throw new SymbolNotFoundError(PROVIDER, symbol);
      throw error;
    }
    return parsePrices(body, symbol, from, to);
  }

  async quote(symbol: string, request?: RequestOptions): Promise<Quote> {
    const [quote] = await this.quotes([symbol], request);
    return quote;
  }

  async quotes(symbols: readonly string[], request?: RequestOptions): Promise<Quote[]> {
    const body = await this.get('/iex/', { tickers: symbols.join(',') }, request);
    const bySymbol = new Map(parseIex(body).map((q) => [q.symbol, q]));
    return symbols.map((symbol) => {
      const quote = bySymbol.get(symbol.toUpperCase());
      if (!quote) throw new SymbolNotFoundError(PROVIDER, symbol, 'not in the IEX answer');
      return quote;
    });
  }
}
