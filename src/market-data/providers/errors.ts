import { redactUrl } from '../../infra/logger.ts';

/**
 * Provider failures, typed so the market-data service can decide what to do: retry (transient),
 * fall through to the next provider, or count against the circuit breaker. Messages always
 * start with the provider's name.
 */
export class ProviderError extends Error {
  readonly provider: string;
  /** Worth retrying on the same provider (5xx, 429, timeouts, network). */
  readonly transient: boolean;
  /** Server-requested wait before the next try, ms. */
  readonly retryAfterMs?: number;

  constructor(
    provider: string,
    message: string,
    options: { transient?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(
      `${provider}: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'ProviderError';
    this.provider = provider;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A non-2xx HTTP answer. 408, 425, 429 and 5xx are transient. */
export class ProviderHttpError extends ProviderError {
  readonly status: number;
  constructor(
    provider: string,
    status: number,
    url: string,
    detail: string,
    retryAfterMs?: number,
  ) {
    const transient = status === 408 || status === 425 || status === 429 || status >= 500;
    super(provider, `HTTP ${status} from ${redactUrl(url)}${detail ? `: ${detail}` : ''}`, {
      transient,
      retryAfterMs,
    });
    this.name = 'ProviderHttpError';
    this.status = status;
  }
}

export class ProviderTimeoutError extends ProviderError {
  constructor(provider: string, url: string, timeoutMs: number) {
    super(provider, `no answer from ${redactUrl(url)} within ${timeoutMs} ms`, { transient: true });
    this.name = 'ProviderTimeoutError';
  }
}

export class ProviderNetworkError extends ProviderError {
  constructor(provider: string, url: string, cause: unknown) {
    const reason =
      (cause as { cause?: { code?: string } })?.cause?.code ??
      (cause as Error)?.message ??
      String(cause);
    super(provider, `network error calling ${redactUrl(url)} (${reason})`, {
      transient: true,
      cause,
    });
    this.name = 'ProviderNetworkError';
  }
}

/** The answer arrived but is not what the provider documents: nothing from it is used. */
export class ProviderResponseError extends ProviderError {
  readonly field: string;
  constructor(provider: string, field: string, problem: string) {
    super(provider, `unexpected response: ${field}: ${problem}`);
    this.name = 'ProviderResponseError';
    this.field = field;
  }
}

/** The provider says we are over its quota (Alpha Vantage "Note"/"Information"). */
export class ProviderThrottledError extends ProviderError {
  constructor(provider: string, message: string, retryAfterMs?: number) {
    super(provider, `throttled: ${message}`, { transient: false, retryAfterMs });
    this.name = 'ProviderThrottledError';
  }
}

/** The provider is healthy but does not know the symbol: not a breaker failure. */
export class SymbolNotFoundError extends ProviderError {
  readonly symbol: string;
  constructor(provider: string, symbol: string, detail = '') {
    super(provider, `unknown symbol ${JSON.stringify(symbol)}${detail ? ` (${detail})` : ''}`);
    this.name = 'SymbolNotFoundError';
    this.symbol = symbol;
  }
}

/** The provider cannot be used as configured (no API key, no folder). */
export class ProviderUnavailableError extends ProviderError {
  constructor(provider: string, reason: string) {
    super(provider, `not available: ${reason}`);
    this.name = 'ProviderUnavailableError';
  }
}
