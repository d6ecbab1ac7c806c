import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared-data.ts';
import { startDashboardServer, type DashboardServer } from './support/dashboard-server.ts';

/**
 * The dashboard's API client against the server's OpenAPI document: every method and path the
 * client calls must be a route the server declares, so a renamed or removed route fails here
 * rather than in a user's browser.
 */

function normalise(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{param}');
}

/** METHOD /path pairs found in web/src/api/endpoints.ts and web/src/api/http.ts. */
async function clientRoutes(): Promise<Set<string>> {
  const endpoints = await readFile(join(projectRoot, 'web/src/api/endpoints.ts'), 'utf8');
  const http = await readFile(join(projectRoot, 'web/src/api/http.ts'), 'utf8');
  const routes = new Set<string>();
  const toTemplate = (raw: string) =>
    raw
      .replace(/\$\{q\([^)]*\)\}/g, '')
      .replace(/\$\{id\([^)]*\)\}/g, '{param}')
      .replace(/\?.*$/, '');
  for (const match of endpoints.matchAll(
    /api\.(get|post|put|patch|delete)(?:<[\s\S]*?>)?\(\s*['`](\/api\/[^'`]*)['`]/g,
  )) {
    routes.add(`${match[1].toUpperCase()} ${toTemplate(match[2])}`);
  }
  for (const match of endpoints.matchAll(/fetchBlob\(\s*['`](\/api\/[^'`]*)['`]/g)) {
    routes.add(`GET ${toTemplate(match[1])}`);
  }
  for (const match of endpoints.matchAll(/Path: \([^)]*\) =>\s*['`](\/api\/[^'`]*)['`]/g)) {
    routes.add(`GET ${toTemplate(match[1])}`);
  }
  // http.ts calls fetch directly for the session routes.
  for (const match of http.matchAll(
    /fetch\('(\/api\/auth\/[a-z]+)'(?:, \{\s*method: '([A-Z]+)')?/g,
  )) {
    routes.add(`${match[2] ?? 'GET'} ${match[1]}`);
  }
  return routes;
}

describe('dashboard API client contract', () => {
  let server: DashboardServer;
  let served: Set<string>;

  beforeAll(async () => {
    server = await startDashboardServer(join(projectRoot, 'dist', 'web'), { demo: false });
    const document = (await server.api.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    served = new Set();
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        served.add(`${method.toUpperCase()} ${normalise(path)}`);
      }
    }
  }, 60_000);

  afterAll(async () => server?.close());

  it('finds the client routes (the extraction itself works)', async () => {
    const routes = await clientRoutes();
    expect(routes).toContain('POST /api/auth/login');
    expect(routes).toContain('POST /api/auth/refresh');
    expect(routes).toContain('GET /api/auth/csrf');
    expect(routes).toContain('POST /api/backtests');
    expect(routes).toContain('GET /api/market-data/{param}/bars');
    expect(routes).toContain('GET /api/events');
    expect(routes.size).toBeGreaterThan(25);
  });

  it('calls only routes the server declares', async () => {
    const missing = [...(await clientRoutes())].filter((route) => !served.has(route));
    expect(missing).toEqual([]);
  });
});
