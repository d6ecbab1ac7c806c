import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.ts';

describe('logger', () => {
  it('redacts secrets at any of the first three levels', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination, level: 'info' });
    logger.info(
      {
        password: 'pw1',
        user: { token: 'tok2', name: 'ann' },
        req: { headers: { authorization: 'Bearer abc3', cookie: 'sid=4', 'set-cookie': 'sid=5' } },
        provider: { apikey: 'k6', api_key: 'k7' },
      },
      'hello',
    );
    const line = lines.join('');
    for (const secret of ['pw1', 'tok2', 'abc3', 'sid=4', 'sid=5', 'k6', 'k7']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('"name":"ann"');
    expect(JSON.parse(line).user.token).toBe('[redacted]');
  });

  it('masks credentials in URLs', () => {
    expect(redactUrl('https://x/query?function=F&apikey=SECRET&symbol=A')).toBe(
      'https://x/query?function=F&apikey=[redacted]&symbol=A',
    );
    expect(redactUrl('https://x/p?token=abc')).toBe('https://x/p?token=[redacted]');
  });
});
