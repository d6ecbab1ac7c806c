import YahooFinance from 'yahoo-finance2';
import type { MarketDataProvider, ProviderBars, Quote, RequestOptions } from '../types.ts';
import {
  ProviderError,
  ProviderHttpError,
  ProviderResponseError,
  SymbolNotFoundError,
} from '../errors.ts';
import { type HttpProviderOptions, HttpProvider } from '../http.ts';
import { DAY_MS } from '../parse-helpers.ts';
import { PROVIDER, parseChart, parseChartQuote } from './parse.ts';

export interface YahooOptions extends HttpProviderOptions {
  /** Replaces https://query{1,2}.finance.yahoo.com (tests point it at a local server). */
  baseUrl?: string;
  now?: () => number;
}

const silentLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  dir: () => {},
};

/**
 * Yahoo Finance through yahoo-finance2 v4. The library accepts a custom `fetch` (constructor
 * option, and per call in module options); ours rewrites Yahoo's host to the configured base
 * URL, applies the timeout with an AbortSignal and turns non-2xx answers into ProviderHttpError
 * (with Retry-After) before the library sees them. Results are taken unvalidated
 * (`validateResult: false`) and parsed by our own schema in parse.ts, so a changed format gives
 * an error naming the field. Quotes come from the chart endpoint's meta block, which unlike
 * /v7/finance/quote needs no cookie/crumb.
 */
export class YahooProvider extends HttpProvider<YahooOptions> implements MarketDataProvider {
  private readonly client: InstanceType<typeof YahooFinance>;

  constructor(options: YahooOptions = {}) {
    super(PROVIDER, options, {
      baseUrl: 'https://query2.finance.yahoo.com',
      requestsPerMinute: 60,
    });
    this.client = new YahooFinance({
      versionCheck: false,
      suppressNotices: ['yahooSurvey', 'ripHistorical'],
      validation: { logErrors: false, logOptionsErrors: false },
      logger: silentLogger,
      // Our own queue is the rate limiter; let the library run requests as they come.
      queue: { concurrency: 8 },
    });
  }

  isAvailable(): boolean {
    return true;
  }

  private fetchFor(request: RequestOptions): typeof fetch {
    return async (input, init) => {
      const original = new URL(input instanceof Request ? input.url : String(input));
      const target = /(^|\.)finance\.yahoo\.com$/.test(original.hostname)
        ? `${this.baseUrl}${original.pathname}${original.search}`
        : original.href;
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      return this.getOk(target, request, headers);
    };
  }

  /** Runs a chart call, mapping the library's own failures to provider errors. */
  private async chart(
    symbol: string,
    period1: number,
    period2: number,
    request: RequestOptions,
  ): Promise<unknown> {
    try {
      return await this.client.chart(
        symbol,
        {
          period1: new Date(period1),
          period2: new Date(period2),
          interval: '1d',
          events: 'split',
          return: 'object',
        },
        { fetch: this.fetchFor(request), validateResult: false },
      );
    } catch (error) {
      // Yahoo answers an unknown or delisted symbol with 404 {"chart":{"error":{"code":"Not Found"}}}.
      if (error instanceof ProviderHttpError && error.status === 404) {
        throw new SymbolNotFoundError(PROVIDER, symbol, 'no data found, symbol may be delisted');
      }
      if (error instanceof ProviderError) throw error;
      if (request.signal?.aborted) throw request.signal.reason ?? error;
      const message = error instanceof Error ? error.message : String(error);
      if (/not parsable|expect JSON/i.test(message))
        throw new ProviderResponseError(PROVIDER, 'body', 'not valid JSON');
      throw new ProviderResponseError(PROVIDER, 'chart', message.slice(0, 200));
    }
  }

  async historicalBars(
    symbol: string,
    from: number,
    to: number,
    request: RequestOptions = {},
  ): Promise<ProviderBars> {
    // period2 is exclusive at Yahoo: ask for the day after `to`.
    const raw = await this.chart(symbol, from, to + DAY_MS, request);
    return parseChart(raw, symbol, from, to);
  }

  async quote(symbol: string, request: RequestOptions = {}): Promise<Quote> {
    const now = this.options.now?.() ?? Date.now();
    return parseChartQuote(await this.chart(symbol, now - 7 * DAY_MS, now, request), symbol);
  }

  async quotes(symbols: readonly string[], request: RequestOptions = {}): Promise<Quote[]> {
    return Promise.all(symbols.map((s) => this.quote(s, request)));
  }
}
