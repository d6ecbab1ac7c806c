import { describe, expect, it } from 'vitest';
import { ProviderHttpError, ProviderUnavailableError } from './errors.ts';
import {
  DEFAULT_PROVIDER_TIMEOUT_MS,
  HttpProvider,
  type HttpProviderOptions,
  requireApiKey,
} from './http.ts';

/** The smallest provider, opening the protected helpers to the tests. */
class DemoProvider extends HttpProvider<HttpProviderOptions> {
  constructor(options: HttpProviderOptions = {}) {
    super('demo', options, { baseUrl: 'https://example.test/', requestsPerMinute: 7 });
  }
  readonly openUrl = this.url.bind(this);
  readonly openGetOk = this.getOk.bind(this);
  readonly openGetJson = this.getJson.bind(this);
  get openBaseUrl(): string {
    return this.baseUrl;
  }
}

/** A fetch that records what it was called with and answers `body` with `status`. */
function recordingFetch(status: number, body: string) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fake: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    return new Response(body, { status });
  };
  return { calls, fake };
}

describe('HttpProvider', () => {
  it('takes the defaults, trimming trailing slashes from the base URL', () => {
    const client = new DemoProvider();
    expect(client.name).toBe('demo');
    expect(client.openBaseUrl).toBe('https://example.test');
    expect(client.rateLimit).toEqual({ requestsPerMinute: 7 });
    expect(DEFAULT_PROVIDER_TIMEOUT_MS).toBe(10_000);
  });

  it('prefers the configured base URL and rate', () => {
    const client = new DemoProvider({ baseUrl: 'http://127.0.0.1:9//', requestsPerMinute: 3 });
    expect(client.openUrl('/q', { a: '1', b: 'x y' })).toBe('http://127.0.0.1:9/q?a=1&b=x+y');
    expect(client.rateLimit.requestsPerMinute).toBe(3);
  });

  it('sends the headers through the injected fetch and parses JSON', async () => {
    const { calls, fake } = recordingFetch(200, '{"ok":true}');
    const client = new DemoProvider({ fetch: fake });
    await expect(client.openGetJson('https://example.test/a', {}, { X: '1' })).resolves.toEqual({
      ok: true,
    });
    expect(calls[0].url).toBe('https://example.test/a');
    expect(calls[0].init?.headers).toEqual({ X: '1' });
  });

  it('names the provider in a non-2xx error', async () => {
    const { fake } = recordingFetch(503, 'down');
    const client = new DemoProvider({ fetch: fake });
    const error = await client.openGetOk('https://example.test/a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect((error as ProviderHttpError).message).toMatch(/^demo: HTTP 503/);
  });
});

describe('requireApiKey', () => {
  it('returns the key, or names the missing variable', () => {
    expect(requireApiKey('demo', 'k', 'DEMO_API_KEY')).toBe('k');
    expect(() => requireApiKey('demo', undefined, 'DEMO_API_KEY')).toThrow(
      ProviderUnavailableError,
    );
    expect(() => requireApiKey('demo', '', 'DEMO_API_KEY')).toThrow(/DEMO_API_KEY is not set/);
  });
});
