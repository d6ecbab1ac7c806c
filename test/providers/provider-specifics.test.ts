import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlphaVantageProvider } from '../../src/market-data/providers/alphavantage/provider.ts';
import {
  ProviderHttpError,
  ProviderNetworkError,
  ProviderThrottledError,
  ProviderUnavailableError,
  SymbolNotFoundError,
} from '../../src/market-data/providers/errors.ts';
import { TiingoProvider } from '../../src/market-data/providers/tiingo/provider.ts';
import { YahooProvider } from '../../src/market-data/providers/yahoo/provider.ts';
import { harness } from './support/harnesses.ts';
import { jsonFixture, startReplayServer } from './support/replay-server.ts';
import type { ReplayServer } from './support/replay-server.ts';

const FROM = Date.parse('2024-01-01');
const TO = Date.parse('2024-01-31');

describe('Alpha Vantage specifics', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer(harness('alphavantage').route);
  });
  afterAll(() => server.close());

  const provider = () =>
    new AlphaVantageProvider({
      apiKey: 'test-key-123',
      baseUrl: server.baseUrl,
      now: () => Date.parse('2024-01-09'),
    });

  it('asks for the documented function, symbol, output size and key', async () => {
    server.requests.length = 0;
    await provider().historicalBars('ACME', FROM, TO);
    const params = server.requests[0].url.searchParams;
    expect(server.requests[0].url.pathname).toBe('/query');
    expect(Object.fromEntries(params)).toEqual({
      function: 'TIME_SERIES_DAILY',
      symbol: 'ACME',
      outputsize: 'compact',
      datatype: 'json',
      apikey: 'test-key-123',
    });
    await provider().historicalBars('ACME', Date.parse('2015-01-01'), TO);
    expect(server.requests[1].url.searchParams.get('outputsize')).toBe('full');
  });

  it('turns "Note" and "Information" throttle messages into ProviderThrottledError', async () => {
    for (const file of ['alphavantage/note-throttle.json', 'alphavantage/information-limit.json']) {
      server.handler = () => ({ body: jsonFixture(file) });
      const error = await provider()
        .historicalBars('ACME', FROM, TO)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderThrottledError);
      expect((error as Error).message).toMatch(/^alphavantage: throttled: /);
      expect((error as ProviderThrottledError).transient).toBe(false);
    }
    server.handler = harness('alphavantage').route;
  });

  it('treats "Error Message" as an unknown symbol', async () => {
    const error = await provider()
      .historicalBars('NOPE', FROM, TO)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SymbolNotFoundError);
    expect((error as Error).message).toContain('Invalid API call');
  });

  it('never shows the API key in error messages', async () => {
    server.handler = () => ({ status: 500, body: 'oops' });
    const error = (await provider()
      .historicalBars('ACME', FROM, TO)
      .catch((e: unknown) => e)) as ProviderHttpError;
    expect(error.message).toContain('apikey=[redacted]');
    expect(error.message).not.toContain('test-key-123');
    server.handler = harness('alphavantage').route;
  });

  it('is unavailable without a key and says which variable is missing', async () => {
    const keyless = new AlphaVantageProvider({ baseUrl: server.baseUrl });
    expect(keyless.isAvailable()).toBe(false);
    await expect(keyless.historicalBars('ACME', FROM, TO)).rejects.toThrow(
      ProviderUnavailableError,
    );
    await expect(keyless.historicalBars('ACME', FROM, TO)).rejects.toThrow(/ALPHAVANTAGE_API_KEY/);
  });
});

describe('Tiingo specifics', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer(harness('tiingo').route);
  });
  afterAll(() => server.close());

  it('sends the token in the Authorization header, not the URL, with the date range', async () => {
    server.requests.length = 0;
    await new TiingoProvider({ apiKey: 'test-key-123', baseUrl: server.baseUrl }).historicalBars(
      'ACME',
      FROM,
      TO,
    );
    const request = server.requests[0];
    expect(request.url.pathname).toBe('/tiingo/daily/acme/prices');
    expect(request.url.searchParams.get('startDate')).toBe('2024-01-01');
    expect(request.url.searchParams.get('endDate')).toBe('2024-01-31');
    expect(request.url.search).not.toContain('test-key-123');
    expect(request.headers.authorization).toBe('Token test-key-123');
  });

  it('reports a wrong token as a non-transient HTTP 401', async () => {
    const error = (await new TiingoProvider({ apiKey: 'wrong', baseUrl: server.baseUrl })
      .historicalBars('ACME', FROM, TO)
      .catch((e: unknown) => e)) as ProviderHttpError;
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect(error.status).toBe(401);
    expect(error.transient).toBe(false);
  });
});

describe('Yahoo specifics (yahoo-finance2 with a custom fetch)', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer(harness('yahoo').route);
  });
  afterAll(() => server.close());

  it('sends the chart request to the configured base URL with period1/period2 in unix seconds', async () => {
    server.requests.length = 0;
    await new YahooProvider({ baseUrl: server.baseUrl }).historicalBars('ACME', FROM, TO);
    expect(server.requests).toHaveLength(1);
    const url = server.requests[0].url;
    expect(url.pathname).toBe('/v8/finance/chart/ACME');
    expect(url.searchParams.get('interval')).toBe('1d');
    expect(Number(url.searchParams.get('period1'))).toBe(FROM / 1000);
    // period2 is exclusive at Yahoo, so the day after `to` is asked for.
    expect(Number(url.searchParams.get('period2'))).toBe(TO / 1000 + 86_400);
  });

  it('reports a refused connection as a transient network error', async () => {
    const closed = await startReplayServer(() => ({}));
    const baseUrl = closed.baseUrl;
    await closed.close();
    const error = await new YahooProvider({ baseUrl })
      .historicalBars('ACME', FROM, TO)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect((error as ProviderNetworkError).transient).toBe(true);
    expect((error as Error).message).toMatch(
      /^yahoo: network error calling http:\/\/127\.0\.0\.1:\d+\/v8\/finance\/chart\/ACME/,
    );
  });
});
