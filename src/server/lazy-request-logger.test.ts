import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLoggerFactory } from './lazy-request-logger.ts';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  return { lines, stream };
}

describe('lazy request logger', () => {
  it('writes enabled lines with the request id and drops the others', async () => {
    const { lines, stream } = capture();
    const app = Fastify({
      loggerInstance: pino({ level: 'warn' }, stream),
      childLoggerFactory: lazyChildLoggerFactory,
      genReqId: () => 'req-42',
    });
    app.get('/', async (request) => {
      request.log.info('not written at warn');
      request.log.warn({ detail: 1 }, 'written');
      return { ok: request.log.isLevelEnabled('error') && !request.log.isLevelEnabled('info') };
    });
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.json()).toEqual({ ok: true });
    await app.close();
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => line.msg)).toEqual(['written']);
    expect(parsed[0]).toMatchObject({ reqId: 'req-42', detail: 1, level: 40 });
  });

  it("honours a route's own log level", async () => {
    const { lines, stream } = capture();
    const app = Fastify({
      loggerInstance: pino({ level: 'warn' }, stream),
      childLoggerFactory: lazyChildLoggerFactory,
      disableRequestLogging: true,
    });
    app.get('/', { logLevel: 'debug' }, async (request) => {
      request.log.debug('route debug');
      return {};
    });
    await app.inject({ method: 'GET', url: '/' });
    await app.close();
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['route debug']);
  });
});
