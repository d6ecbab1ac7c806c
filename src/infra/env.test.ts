import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import { optionalText, parseEnvironment, wholeNumber } from './env.ts';

const schema = z.object({
  COUNT: wholeNumber().min(1).default(3),
  NAME: optionalText,
  TOKEN: z.string().min(8).optional(),
});
const SECRETS = new Set(['TOKEN']);

function errorOf(env: Record<string, string>): InputError {
  try {
    parseEnvironment(schema, SECRETS, { env, envFile: null });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseEnvironment', () => {
  it('treats empty strings as unset, so defaults apply', () => {
    expect(
      parseEnvironment(schema, SECRETS, { env: { COUNT: '', NAME: ' ' }, envFile: null }),
    ).toEqual({ COUNT: 3, NAME: undefined });
  });

  it('reads the .env file under the real environment', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'microcap-env-')), '.env');
    writeFileSync(file, 'COUNT=5\nNAME=file\n');
    expect(parseEnvironment(schema, SECRETS, { env: { NAME: 'real' }, envFile: file })).toEqual({
      COUNT: 5,
      NAME: 'real',
    });
  });

  it('names the variable and the value, but never a secret', () => {
    const count = errorOf({ COUNT: '2.5' });
    expect(count.field).toBe('COUNT');
    expect(count.message).toMatch(/^COUNT: expected a whole number \(got "2.5"\)/);
    const token = errorOf({ TOKEN: 'short' });
    expect(token.field).toBe('TOKEN');
    expect(token.message).not.toContain('short');
    expect(token.message).toContain('<redacted>');
  });
});
