import { parseRetryAfter } from '../../infra/retry.ts';
import {
  ProviderHttpError,
  ProviderNetworkError,
  ProviderResponseError,
  ProviderTimeoutError,
} from './errors.ts';

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
