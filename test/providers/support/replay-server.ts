import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { projectRoot } from '../../support/shared-data.ts';

/**
 * A local HTTP server (127.0.0.1, port 0) that replays provider responses from hand-made
 * fixtures in each provider's documented format. Tests swap the handler to simulate outages,
 * throttling and broken answers, and read back every request it received.
 */

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are (for malformed bodies). */
  body?: unknown;
  /** Hold the answer this long (timeouts). */
  delayMs?: number;
}

export interface RecordedRequest {
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** performance.now() when it arrived. */
  readonly at: number;
}

export type Handler = (url: URL, headers: IncomingHttpHeaders) => Reply;

export interface ReplayServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  handler: Handler;
  close(): Promise<void>;
}

export const fixturesDir = join(projectRoot, 'test', 'fixtures', 'providers');

export function fixture(relativePath: string): string {
  return readFileSync(join(fixturesDir, relativePath), 'utf8');
}

export function jsonFixture(relativePath: string): unknown {
  return JSON.parse(fixture(relativePath));
}

export async function startReplayServer(handler: Handler): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  const state = { handler };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ url, headers: req.headers, at: performance.now() });
    let reply: Reply;
    try {
      reply = state.handler(url, req.headers);
    } catch (error) {
      reply = { status: 599, body: `handler failed: ${(error as Error).message}` };
    }
    const send = (): void => {
      if (res.destroyed) return;
      const body =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
        ...reply.headers,
      });
      res.end(body);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get handler() {
      return state.handler;
    },
    set handler(next: Handler) {
      state.handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
