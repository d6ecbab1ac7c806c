import { parseRetryAfter } from '../../infra/retry.ts';
import {
  ProviderHttpError,
  ProviderNetworkError,
  ProviderResponseError,
  ProviderTimeoutError,
  ProviderUnavailableError,
} from './errors.ts';
import type { RateLimitSpec, RequestOptions } from './types.ts';

export interface HttpOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  /** Injected for tests; default globalThis.fetch. */
  readonly fetch?: typeof fetch;
}

/**
 * fetch with a real timeout (the request is aborted), provider-named errors, and Retry-After
 * parsed from 429/503 answers. Returns the response only when it is 2xx.
 */
export async function fetchOk(
  provider: string,
  url: string,
  options: HttpOptions,
): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers: options.headers, signal });
  } catch (error) {
    if (timeout.aborted) throw new ProviderTimeoutError(provider, url, options.timeoutMs);
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    throw new ProviderNetworkError(provider, url, error);
  }
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    throw new ProviderHttpError(
      provider,
      response.status,
      url,
      body.slice(0, 200).trim(),
      retryAfter,
    );
  }
  return response;
}

/** GET + JSON.parse; a body that is not JSON is a ProviderResponseError naming the provider. */
export async function fetchJson(
  provider: string,
  url: string,
  options: HttpOptions,
): Promise<unknown> {
  const response = await fetchOk(provider, url, options);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    throw new ProviderTimeoutError(provider, url, options.timeoutMs);
  }
  return parseJsonBody(provider, text);
}

export function parseJsonBody(provider: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const snippet = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    throw new ProviderResponseError(
      provider,
      'body',
      `not valid JSON (${(error as Error).message}; starts ${JSON.stringify(snippet)})`,
    );
  }
}

/** What every HTTP provider (Yahoo, Alpha Vantage, Tiingo) can be configured with. */
export interface HttpProviderOptions {
  baseUrl?: string;
  timeoutMs?: number;
  requestsPerMinute?: number;
  /** Injected for tests; default globalThis.fetch. */
  fetch?: typeof fetch;
}

/** The provider's own values where the options leave them out. */
export interface HttpProviderDefaults {
  readonly baseUrl: string;
  readonly requestsPerMinute: number;
}

export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

/**
 * The base of the HTTP providers (Yahoo, Alpha Vantage, Tiingo): name, rate limit, the base URL
 * without trailing slashes, and GETs through fetchOk/fetchJson with the configured timeout and
 * fetch and the caller's signal.
 */
export abstract class HttpProvider<O extends HttpProviderOptions> {
  readonly name: string;
  readonly rateLimit: RateLimitSpec;
  protected readonly options: O;
  protected readonly baseUrl: string;

  protected constructor(name: string, options: O, defaults: HttpProviderDefaults) {
    this.name = name;
    this.options = options;
    this.baseUrl = (options.baseUrl ?? defaults.baseUrl).replace(/\/+$/, '');
    this.rateLimit = { requestsPerMinute: options.requestsPerMinute ?? defaults.requestsPerMinute };
  }

  /** `${baseUrl}${path}?${params}`. */
  protected url(path: string, params: Record<string, string>): string {
    return `${this.baseUrl}${path}?${new URLSearchParams(params)}`;
  }

  /** fetchOk with this provider's settings. */
  protected getOk(
    url: string,
    request: RequestOptions = {},
    headers?: Record<string, string>,
  ): Promise<Response> {
    return fetchOk(this.name, url, this.httpOptions(request, headers));
  }

  /** fetchJson with this provider's settings. */
  protected getJson(
    url: string,
    request: RequestOptions = {},
    headers?: Record<string, string>,
  ): Promise<unknown> {
    return fetchJson(this.name, url, this.httpOptions(request, headers));
  }

  private httpOptions(request: RequestOptions, headers?: Record<string, string>): HttpOptions {
    return {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
      signal: request.signal,
      fetch: this.options.fetch,
      headers,
    };
  }
}

/** The API key, or ProviderUnavailableError naming the variable that should hold it. */
export function requireApiKey(
  provider: string,
  apiKey: string | undefined,
  envName: string,
): string {
  if (!apiKey) throw new ProviderUnavailableError(provider, `${envName} is not set`);
  return apiKey;
}
