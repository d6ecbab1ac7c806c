import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  decryptSecret,
  encryptSecret,
  generateMasterKeyText,
  maskSecret,
  parseMasterKey,
  resolveKeyring,
} from './secrets.ts';

const keyA = parseMasterKey('1:' + Buffer.alloc(32, 1).toString('base64'));
const keyB = parseMasterKey('2:' + Buffer.alloc(32, 2).toString('hex'));

describe('AES-256-GCM secrets', () => {
  it('round-trips, with a fresh 12-byte IV each time and a 16-byte tag', () => {
    const ring = createKeyring(keyA);
    const one = encryptSecret(ring, 'sk-live-abcdef', 'ctx');
    const two = encryptSecret(ring, 'sk-live-abcdef', 'ctx');
    expect(one.iv).not.toBe(two.iv);
    expect(one.encryptedValue).not.toBe(two.encryptedValue);
    expect(Buffer.from(one.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(one.authTag, 'base64')).toHaveLength(16);
    expect(one.keyVersion).toBe(1);
    expect(decryptSecret(ring, one, 'ctx')).toBe('sk-live-abcdef');
  });

  it('refuses altered ciphertext, tag, context or an unknown key version', () => {
    const ring = createKeyring(keyA);
    const sealed = encryptSecret(ring, 'value-1234', 'ctx');
    const flipped = Buffer.from(sealed.encryptedValue, 'base64');
    flipped[0] ^= 1;
    expect(() =>
      decryptSecret(ring, { ...sealed, encryptedValue: flipped.toString('base64') }, 'ctx'),
    ).toThrow(/authentication/);
    expect(() =>
      decryptSecret(ring, { ...sealed, authTag: Buffer.alloc(16).toString('base64') }, 'ctx'),
    ).toThrow(/authentication/);
    expect(() => decryptSecret(ring, sealed, 'other row')).toThrow(/authentication/);
    expect(() => decryptSecret(createKeyring(keyB), sealed, 'ctx')).toThrow(/version 1/);
  });

  it('reads rows sealed under an old key when that key is kept in the ring', () => {
    const old = encryptSecret(createKeyring(keyA), 'legacy', '');
    const ring = createKeyring(keyB, [keyA]);
    expect(decryptSecret(ring, old)).toBe('legacy');
    expect(encryptSecret(ring, 'new').keyVersion).toBe(2);
  });

  it('names the variable and never echoes the key on a malformed key', () => {
    expect(() => parseMasterKey('too-short')).toThrow(/MICROCAP_MASTER_KEY/);
    expect(() => parseMasterKey('too-short')).not.toThrow(/too-short/);
    expect(parseMasterKey(generateMasterKeyText(3)).version).toBe(3);
  });

  it('masks secrets', () => {
    expect(maskSecret('sk-1234567890abcd')).toBe('sk-…abcd');
    expect(maskSecret('short')).toBe('*****');
  });
});

describe('resolveKeyring', () => {
  it('refuses to run in production without MICROCAP_MASTER_KEY', () => {
    expect(() =>
      resolveKeyring({
        masterKey: undefined,
        production: true,
        keyFile: '/nonexistent',
        warn: () => undefined,
      }),
    ).toThrow(/MICROCAP_MASTER_KEY: required in production/);
  });

  it('in development generates a 0600 key file once, loudly, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcap-keys-'));
    try {
      const file = join(dir, 'nested', 'master.key');
      const warnings: string[] = [];
      const first = resolveKeyring({
        masterKey: undefined,
        production: false,
        keyFile: file,
        warn: (m) => warnings.push(m),
      });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(warnings[0]).toMatch(/WARNING: MICROCAP_MASTER_KEY is not set/);
      const second = resolveKeyring({
        masterKey: undefined,
        production: false,
        keyFile: file,
        warn: () => undefined,
      });
      expect(second.current.key.equals(first.current.key)).toBe(true);
      expect(readFileSync(file, 'utf8').trim()).toMatch(/^1:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the configured key and old keys', () => {
    const ring = resolveKeyring({
      masterKey: '2:' + Buffer.alloc(32, 2).toString('hex'),
      oldMasterKeys: '1:' + Buffer.alloc(32, 1).toString('base64'),
      production: true,
      keyFile: '/nonexistent',
      warn: () => undefined,
    });
    expect(ring.current.version).toBe(2);
    expect([...ring.byVersion.keys()].sort()).toEqual([1, 2]);
  });
});
