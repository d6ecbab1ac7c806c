import { describe, expect, it } from 'vitest';
import { analysisCacheKey, canonicalJson } from './cache-key.ts';
import { estimateCost, priceFor } from './pricing.ts';
import { redactSecrets } from './redact.ts';

const usage = { promptTokens: 1_000_000, completionTokens: 500_000, totalTokens: 1_500_000 };

describe('estimateCost', () => {
  it('prices by the table, including dated model names', () => {
    expect(estimateCost('gpt-4o-mini', usage, false)).toBeCloseTo(0.15 + 0.3, 6);
    expect(priceFor('gpt-4o-mini-2024-07-18')).toEqual(priceFor('gpt-4o-mini'));
  });
  it('is 0 for self-hosted and null for unknown models', () => {
    expect(estimateCost('gpt-4o', usage, true)).toBe(0);
    expect(estimateCost('llama3.1:8b', usage, false)).toBeNull();
  });
});

describe('analysisCacheKey', () => {
  const parts = {
    provider: 'openai',
    model: 'm',
    task: 't',
    templateVersion: '1',
    input: { a: 1, b: [2] },
  };
  it('ignores key order and changes with every part', () => {
    const key = analysisCacheKey(parts);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(analysisCacheKey({ ...parts, input: { b: [2], a: 1 } })).toBe(key);
    for (const change of [
      { provider: 'local' },
      { model: 'n' },
      { templateVersion: '2' },
      { input: { a: 2, b: [2] } },
    ]) {
      expect(analysisCacheKey({ ...parts, ...change })).not.toBe(key);
    }
  });
  it('sorts nested keys', () => {
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: [{ z: 1, y: 2 }] })).toBe(
      '{"a":[{"y":2,"z":1}],"b":{"c":2,"d":1}}',
    );
  });
});

describe('redactSecrets', () => {
  it('removes configured secrets and key-shaped strings', () => {
    expect(redactSecrets('key=abcdef123 and sk-proj-1234567890abc', ['abcdef123'])).toBe(
      'key=[redacted] and [redacted]',
    );
    expect(redactSecrets('Authorization: Bearer abc.def.ghi12345')).toBe(
      'Authorization: [redacted]',
    );
    expect(redactSecrets('short', ['ab'])).toBe('short');
  });
});
