import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRole } from './support/harness.ts';
import type { TestServer } from './support/harness.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await userWithRole(server, 'admin');
  await server.app.inject({ method: 'GET', url: '/api/strategies', headers: admin.auth });
  await server.app.inject({ method: 'GET', url: '/api/backtests' });
});
afterAll(async () => server?.close());

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: Record<string, Record<string, unknown>>;
}

/** Every `$ref` in the document, for the resolution check. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') out.push(item);
      else refs(item, out);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.x, resolves its references and lists every registered route', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<OpenApiDocument>();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe('microcap API');
    for (const ref of refs(doc)) {
      const [, ...parts] = ref.split('/');
      let node: unknown = doc;
      for (const part of parts) node = (node as Record<string, unknown>)?.[part];
      expect(node, ref).toBeDefined();
    }
    // Every API route and probe; the dashboard's static files (/, /assets/...) and the docs
    // UI's own files are not API operations. HEAD mirrors GET.
    const apiPaths = /^\/(api\/|health$|ready$|metrics$)/;
    const routes = server.app.services.routes.filter(
      (r) => r.method !== 'HEAD' && apiPaths.test(r.url),
    );
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(
        Object.keys(operation!.responses ?? {}).length,
        `${route.method} ${route.url}`,
      ).toBeGreaterThan(0);
    }
    // Request bodies come from the zod schemas.
    const login = doc.paths['/api/auth/login'].post as unknown as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
    };
    expect(login.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['email', 'password']),
    );
    const ui = await server.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });
});

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|\+Inf|-Inf))$/;

describe('/metrics', () => {
  it('parses as Prometheus text and holds the HTTP duration histogram', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const types = new Map<string, string>();
    const samples: { name: string; labels: string; value: string }[] = [];
    for (const line of response.body.split('\n')) {
      if (line === '') continue;
      const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (type) {
        types.set(type[1], type[2]);
        continue;
      }
      if (line.startsWith('# HELP ')) continue;
      const sample = SAMPLE.exec(line);
      expect(sample, line).not.toBeNull();
      samples.push({ name: sample![1], labels: sample![2] ?? '', value: sample![3] });
    }
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    const buckets = samples.filter(
      (s) =>
        s.name === 'http_request_duration_seconds_bucket' &&
        s.labels.includes('route="/api/strategies"'),
    );
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets.some((s) => s.labels.includes('le="+Inf"') && Number(s.value) >= 1)).toBe(true);
    expect(
      samples.some(
        (s) =>
          s.name === 'http_request_duration_seconds_count' &&
          s.labels.includes('status_code="401"'),
      ),
    ).toBe(true);
    for (const name of [
      'microcap_backtests_total',
      'microcap_signals_total',
      'microcap_provider_failures_total',
      'microcap_provider_breaker_state',
      'microcap_cache_hit_ratio',
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(types.has(name), name).toBe(true);
    }
  });

  it('maps the data layer metrics (provider failures, breaker, cache) onto Prometheus', async () => {
    const metrics = server.app.services.metrics;
    metrics.increment('market_data_provider_failures_total', { provider: 'yahoo' });
    metrics.gauge('market_data_breaker_state', 2, { provider: 'yahoo' });
    metrics.increment('cache_requests_total', { level: 'l1', kind: 'bars', result: 'hit' });
    metrics.increment('cache_requests_total', { level: 'l1', kind: 'bars', result: 'miss' });
    metrics.increment('cache_requests_total', { level: 'l2', kind: 'bars', result: 'miss' });
    const text = (await server.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('microcap_provider_failures_total{provider="yahoo"} 1');
    expect(text).toContain('microcap_provider_breaker_state{provider="yahoo"} 2');
    expect(text).toContain('microcap_cache_hit_ratio 0.5');
  });
});

describe('health and readiness', () => {
  it('answers /health and /ready with the database check', async () => {
    const health = await server.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toMatchObject({ status: 'ok' });
    const ready = await server.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, database: { ok: true }, redis: null });
  });
});
