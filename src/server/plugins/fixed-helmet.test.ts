import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { applyFixedHelmet, helmetHeaders } from './fixed-helmet.ts';

const OPTIONS = { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"] } } };

describe('fixed helmet headers', () => {
  it("are helmet's own headers for the options", async () => {
    const headers = new Map(await helmetHeaders(OPTIONS));
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('strict-transport-security')).toContain('max-age=');
    expect(headers.has('content-type')).toBe(false);
  });

  it('are set on every response, errors included', async () => {
    const app = Fastify();
    await applyFixedHelmet(app, OPTIONS);
    app.get('/ok', async () => ({ ok: true }));
    app.get('/fail', async () => {
      throw new Error('boom');
    });
    for (const url of ['/ok', '/fail', '/missing']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(String(response.headers['content-security-policy']), url).toContain(
        "default-src 'none'",
      );
    }
    await app.close();
  });
});
