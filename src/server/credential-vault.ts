import { InputError } from '../domain/errors.ts';
import { decryptSecret, encryptSecret, maskSecret } from '../infra/secrets.ts';
import type { Keyring } from '../infra/secrets.ts';
import type {
  ApiCredential,
  ApiCredentialRepository,
} from '../store/repositories/api-credential-repository.ts';

/** What the API shows of a stored secret: never the value, only a mask. */
export interface MaskedCredential {
  readonly id: string;
  readonly userId: string | null;
  readonly provider: string;
  readonly label: string;
  readonly masked: string;
  readonly keyVersion: number;
  readonly updatedAt: number;
}

/** Binds a ciphertext to its row: a value copied into another row fails to decrypt. */
function contextOf(userId: string | null, provider: string, label: string): string {
  return `microcap-credential\u0000${userId ?? ''}\u0000${provider}\u0000${label}`;
}

/** Provider and LLM API keys, sealed with AES-256-GCM under the master keyring. */
export class CredentialVault {
  readonly #repository: ApiCredentialRepository;
  readonly #keyring: Keyring;

  constructor(repository: ApiCredentialRepository, keyring: Keyring) {
    this.#repository = repository;
    this.#keyring = keyring;
  }

  async put(
    userId: string | null,
    provider: string,
    label: string,
    value: string,
  ): Promise<MaskedCredential> {
    if (value.trim() === '') throw new InputError('value', '', 'must not be empty');
    const sealed = encryptSecret(this.#keyring, value, contextOf(userId, provider, label));
    await this.#dropShared(userId, provider, label);
    const stored = await this.#repository.put({ userId, provider, label, ...sealed });
    if (!stored) throw new Error('credential was not stored');
    return this.#mask(stored);
  }

  async list(): Promise<MaskedCredential[]> {
    const rows = await this.#repository.list();
    return rows.map((row) => this.#mask(row));
  }

  /** The plaintext, for server-side use only (provider clients); never sent to a client. */
  async reveal(userId: string | null, provider: string, label: string): Promise<string | null> {
    const row = await this.#repository.find(userId, provider, label);
    return row ? this.#open(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    return this.#repository.delete(id);
  }

  /**
   * Re-encrypts every secret under the current master key (after a key change, with the old
   * key in MICROCAP_OLD_MASTER_KEYS). Returns how many rows were rewritten.
   */
  async rotate(): Promise<{ rotated: number; total: number }> {
    const rows = await this.#repository.list();
    let rotated = 0;
    for (const row of rows) {
      const plaintext = this.#open(row);
      const sealed = encryptSecret(
        this.#keyring,
        plaintext,
        contextOf(row.userId, row.provider, row.label),
      );
      await this.#dropShared(row.userId, row.provider, row.label);
      await this.#repository.put({
        userId: row.userId,
        provider: row.provider,
        label: row.label,
        ...sealed,
      });
      rotated += 1;
    }
    return { rotated, total: rows.length };
  }

  /**
   * SQL unique constraints treat NULL owners as distinct, so the repository's upsert would add
   * a second row for a shared (user-less) secret: remove the old one first.
   */
  async #dropShared(userId: string | null, provider: string, label: string): Promise<void> {
    if (userId !== null) return;
    for (;;) {
      const old = await this.#repository.find(null, provider, label);
      if (!old) return;
      await this.#repository.delete(old.id);
    }
  }

  #open(row: ApiCredential): string {
    return decryptSecret(this.#keyring, row, contextOf(row.userId, row.provider, row.label));
  }

  #mask(row: ApiCredential): MaskedCredential {
    let masked: string;
    try {
      masked = maskSecret(this.#open(row));
    } catch {
      masked = '(cannot decrypt: unknown key version or altered value)';
    }
    return {
      id: row.id,
      userId: row.userId,
      provider: row.provider,
      label: row.label,
      masked,
      keyVersion: row.keyVersion,
      updatedAt: row.updatedAt,
    };
  }
}
