import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, webStaticPlugin } from '../../src/server/plugins/web-static.ts';

// The static plugin on a hand-made build folder: caching, SPA fallback and what stays a 404.

describe('webStaticPlugin', () => {
  let folder: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'microcap-web-static-'));
    mkdirSync(join(folder, 'assets'));
    writeFileSync(join(folder, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(join(folder, 'assets', 'index-abc123.js'), 'console.log(1);');
    writeFileSync(join(folder, 'favicon.svg'), '<svg/>');
    app = Fastify();
    await app.register(webStaticPlugin, { root: folder });
    app.get('/api/ping', async () => ({ pong: true }));
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves index.html at / uncached, with the dashboard CSP', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(response.body).toContain('<div id="app">');
  });

  it('caches hashed assets for a year and other files not at all', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log(1);');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers client-side routes with index.html', async () => {
    for (const url of ['/backtests/abc', '/users', '/market-data?symbol=AAA']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="app">');
    }
  });

  it('keeps API paths and missing files as 404s, and leaves API routes alone', async () => {
    for (const url of ['/api/nope', '/api', '/assets/index-old999.js', '/robots.txt', '/docs/x']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('<div id="app">');
      if (url.startsWith('/api'))
        expect(response.headers['content-security-policy']).toBeUndefined();
    }
    const api = await app.inject({ method: 'GET', url: '/api/ping' });
    expect(api.json()).toEqual({ pong: true });
    expect(api.headers['content-security-policy']).toBeUndefined();
  });

  it('says how to build the dashboard when it is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'microcap-web-empty-'));
    const bare = Fastify();
    await bare.register(webStaticPlugin, { root: empty });
    const response = await bare.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build:web');
    await bare.close();
    rmSync(empty, { recursive: true, force: true });
  });
});
