import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves the built dashboard (web/, built by Vite into dist/web) at /: hashed files under
 * /assets/ are cached for a year (their names change with their content), index.html is never
 * cached, and any other non-API path without a file extension answers with index.html so that
 * client-side routes (/backtests/abc) survive a reload. /api/… and missing files stay 404s.
 *
 * Encapsulated on purpose: its hooks (the page's Content-Security-Policy) only touch its own
 * routes, and the API keeps helmet's strict `default-src 'none'`.
 */

/** dist/web of this package, both from src/server/plugins (node runs .ts) and dist/server/plugins. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web', import.meta.url));

export interface WebStaticOptions {
  /** The folder holding index.html and assets/ (default DEFAULT_WEB_ROOT). */
  readonly root?: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const NO_CACHE = 'no-cache';

/**
 * Vuetify writes its theme into a <style> element and the charts set inline styles, hence
 * 'unsafe-inline' for styles only; scripts must come from this origin.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function isReservedPath(path: string): boolean {
  return (
    path === '/api' ||
    path.startsWith('/api/') ||
    path.startsWith('/docs') ||
    path === '/health' ||
    path === '/ready' ||
    path === '/metrics'
  );
}

export async function webStaticPlugin(
  app: FastifyInstance,
  options: WebStaticOptions = {},
): Promise<void> {
  const root = options.root ?? DEFAULT_WEB_ROOT;
  const indexPath = join(root, 'index.html');

  if (!existsSync(indexPath)) {
    app.log.warn(`dashboard not built (no ${indexPath}): run npm run build:web`);
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built. Run `npm run build:web` (or `npm run build`).\n'),
    );
    return;
  }

  // index.html is tiny and read on every client-side route: keep it in memory.
  const indexHtml = await readFile(indexPath);

  app.addHook('onSend', async (request, reply, payload) => {
    // API paths that fall through to the fallback keep the API's stricter policy.
    if (!isReservedPath(request.url.split('?')[0])) {
      void reply.header('content-security-policy', DASHBOARD_CSP);
    }
    return payload;
  });

  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file (found at start-up) instead of a catch-all, so the SPA
    // fallback below owns the unknown paths.
    wildcard: false,
    index: false,
    decorateReply: false,
    cacheControl: false,
    setHeaders(reply, filePath) {
      const hashed = filePath.startsWith(join(root, 'assets'));
      void reply.header('cache-control', hashed ? IMMUTABLE : NO_CACHE);
    },
  });

  const sendIndex = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const path = request.url.split('?')[0];
    // A missing file (/assets/old-hash.js) or an API path must stay a 404, not become HTML.
    if (isReservedPath(path) || extname(path) !== '') return reply.callNotFound();
    return reply.header('cache-control', NO_CACHE).type('text/html; charset=utf-8').send(indexHtml);
  };
  // Pages, not API operations: kept out of the OpenAPI document (as @fastify/static's are).
  const hidden = { schema: { hide: true } };
  app.get('/', hidden, sendIndex);
  app.get('/*', hidden, sendIndex);
}
