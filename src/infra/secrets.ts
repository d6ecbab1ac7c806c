import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../domain/errors.ts';

/**
 * Secrets at rest (provider and LLM API keys): AES-256-GCM with a random 12-byte IV and the
 * 16-byte auth tag, under a master key identified by a version number, so keys can be rotated
 * and old rows still read until `microcap keys rotate` re-encrypts them.
 *
 * Key text: `[VERSION:]KEY`, KEY being 64 hex characters or base64 of 32 bytes
 * (e.g. `2:3q2+7w…=`); VERSION defaults to 1.
 */

const KEY_BYTES = 32;
const IV_BYTES = 12;
const ALGORITHM = 'aes-256-gcm';

export interface MasterKey {
  readonly version: number;
  readonly key: Buffer;
}

export interface Keyring {
  /** New secrets are sealed with this one. */
  readonly current: MasterKey;
  /** Every key that can open a secret, the current one included. */
  readonly byVersion: ReadonlyMap<number, MasterKey>;
}

export interface SealedSecret {
  readonly encryptedValue: string;
  readonly iv: string;
  readonly authTag: string;
  readonly keyVersion: number;
}

export function parseMasterKey(text: string, variable = 'MICROCAP_MASTER_KEY'): MasterKey {
  const trimmed = text.trim();
  const match = /^(?:(\d{1,6}):)?(.+)$/.exec(trimmed);
  const version = match?.[1] === undefined ? 1 : Number(match[1]);
  const body = match?.[2] ?? '';
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(body)) key = Buffer.from(body, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=?$/.test(body)) key = Buffer.from(body, 'base64');
  if (key === null || key.length !== KEY_BYTES || version < 1) {
    throw new InputError(
      variable,
      '<redacted>',
      'expected [VERSION:]KEY with KEY 64 hex characters or base64 of 32 bytes',
    );
  }
  return { version, key };
}

/** A fresh random key in the text form parseMasterKey reads. */
export function generateMasterKeyText(version = 1): string {
  return `${version}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

export function createKeyring(current: MasterKey, older: readonly MasterKey[] = []): Keyring {
  const byVersion = new Map<number, MasterKey>();
  for (const key of older) byVersion.set(key.version, key);
  if (byVersion.has(current.version) && !byVersion.get(current.version)!.key.equals(current.key)) {
    throw new InputError(
      'MICROCAP_OLD_MASTER_KEYS',
      '<redacted>',
      `holds a different key with the current version ${current.version}`,
    );
  }
  byVersion.set(current.version, current);
  return { current, byVersion };
}

/** Seals `plaintext`; `context` (e.g. owner/provider/label) is bound as additional data. */
export function encryptSecret(keyring: Keyring, plaintext: string, context = ''): SealedSecret {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    encryptedValue: encrypted.toString('base64'),
    iv: iv.toString('base64'),
    authTag: cipher.getAuthTag().toString('base64'),
    keyVersion: keyring.current.version,
  };
}

/** Opens a sealed secret; throws when the key is unknown or the data or context was altered. */
export function decryptSecret(keyring: Keyring, sealed: SealedSecret, context = ''): string {
  const master = keyring.byVersion.get(sealed.keyVersion);
  if (!master) {
    throw new Error(
      `secret sealed with master key version ${sealed.keyVersion}, which is not configured ` +
        '(set it in MICROCAP_OLD_MASTER_KEYS)',
    );
  }
  const decipher = createDecipheriv(ALGORITHM, master.key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.authTag, 'base64'));
  try {
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.encryptedValue, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new Error('secret failed authentication (wrong key, or the stored value was altered)');
  }
}

/** "sk-abc…wxyz" style: enough to recognise a key, never enough to use it. */
export function maskSecret(plaintext: string): string {
  if (plaintext.length <= 8) return '*'.repeat(plaintext.length);
  return `${plaintext.slice(0, 3)}…${plaintext.slice(-4)}`;
}

export interface ResolveKeyringOptions {
  readonly masterKey: string | undefined;
  /** Comma-separated `VERSION:KEY` entries of retired keys still needed to read old rows. */
  readonly oldMasterKeys?: string;
  readonly production: boolean;
  /** Where development mode keeps its generated key. */
  readonly keyFile: string;
  readonly warn: (message: string) => void;
}

/**
 * The keyring from configuration. Production refuses to run without MICROCAP_MASTER_KEY;
 * development falls back to a key generated once into `keyFile` (mode 0600), loudly.
 */
export function resolveKeyring(options: ResolveKeyringOptions): Keyring {
  const older = (options.oldMasterKeys ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((text) => parseMasterKey(text, 'MICROCAP_OLD_MASTER_KEYS'));
  if (options.masterKey !== undefined) {
    return createKeyring(parseMasterKey(options.masterKey), older);
  }
  if (options.production) {
    throw new InputError(
      'MICROCAP_MASTER_KEY',
      undefined,
      'required in production (generate one with `microcap keys generate`)',
    );
  }
  let text: string;
  if (existsSync(options.keyFile)) {
    text = readFileSync(options.keyFile, 'utf8');
  } else {
    text = generateMasterKeyText();
    mkdirSync(dirname(options.keyFile), { recursive: true });
    writeFileSync(options.keyFile, text + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(options.keyFile, 0o600);
  }
  options.warn(
    `WARNING: MICROCAP_MASTER_KEY is not set; API keys are encrypted with the development key ` +
      `in ${options.keyFile}. Anyone who can read that file can read the stored secrets. ` +
      'Set MICROCAP_MASTER_KEY in production (production mode refuses to start without it).',
  );
  return createKeyring(parseMasterKey(text, options.keyFile), older);
}
