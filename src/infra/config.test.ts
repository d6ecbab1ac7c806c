import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { loadConfig } from './config.ts';

const load = (env: Record<string, string>) => loadConfig({ env, envFile: null });

function errorOf(env: Record<string, string>): InputError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = load({});
    expect(config.DATABASE_URL).toBe('sqlite:./data/microcap.db');
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.MARKET_DATA_PROVIDERS).toEqual(['yahoo', 'alphavantage', 'tiingo', 'csv']);
    expect(config.MARKET_DATA_TIMEOUT_MS).toBe(10_000);
    expect(config.ALPHAVANTAGE_BASE_URL).toBe('https://www.alphavantage.co');
  });

  it('parses provider order, numbers and URLs', () => {
    const config = load({
      MARKET_DATA_PROVIDERS: ' Tiingo, yahoo ',
      MARKET_DATA_TIMEOUT_MS: '2500',
      TIINGO_BASE_URL: 'http://127.0.0.1:9000',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.MARKET_DATA_PROVIDERS).toEqual(['tiingo', 'yahoo']);
    expect(config.MARKET_DATA_TIMEOUT_MS).toBe(2500);
    expect(config.TIINGO_BASE_URL).toBe('http://127.0.0.1:9000');
  });

  it('names the variable and value in errors', () => {
    let error = errorOf({ MARKET_DATA_PROVIDERS: 'yahoo,bloomberg' });
    expect(error.field).toBe('MARKET_DATA_PROVIDERS');
    expect(error.message).toMatch(/MARKET_DATA_PROVIDERS: unknown provider "bloomberg"/);
    error = errorOf({ MARKET_DATA_TIMEOUT_MS: 'soon' });
    expect(error.message).toMatch(/^MARKET_DATA_TIMEOUT_MS: expected a number \(got "soon"\)/);
    error = errorOf({ LOG_LEVEL: 'loud' });
    expect(error.field).toBe('LOG_LEVEL');
    error = errorOf({ YAHOO_BASE_URL: 'ftp://x' });
    expect(error.field).toBe('YAHOO_BASE_URL');
  });

  it('never echoes secrets in errors', () => {
    const error = errorOf({ REDIS_URL: 'http://user:hunter2@host' });
    expect(error.field).toBe('REDIS_URL');
    expect(error.message).not.toContain('hunter2');
  });

  it('reads a .env file but lets the real environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcap-config-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'LOG_LEVEL=debug\nTIINGO_API_KEY="abc"\n# comment\nLLM_MODEL=gpt\n');
    const config = loadConfig({ env: { LLM_MODEL: 'llama' }, envFile: file });
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.TIINGO_API_KEY).toBe('abc');
    expect(config.LLM_MODEL).toBe('llama');
  });
});
