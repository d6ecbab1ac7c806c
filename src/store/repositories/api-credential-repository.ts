import type { Store } from '../database.ts';
import { newId, num } from '../ids.ts';
import type { ApiCredentialTable } from '../schema.ts';

/**
 * An encrypted secret (provider API key). Encryption and decryption belong to infra/crypto;
 * this layer only stores the ciphertext, IV, auth tag and key version it is given.
 */
export interface ApiCredential {
  readonly id: string;
  readonly userId: string | null;
  readonly provider: string;
  readonly label: string;
  readonly encryptedValue: string;
  readonly iv: string;
  readonly authTag: string;
  readonly keyVersion: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type NewApiCredential = Omit<ApiCredential, 'id' | 'createdAt' | 'updatedAt'>;

export class ApiCredentialRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Stores or replaces the secret for (userId, provider, label). */
  async put(credential: NewApiCredential, now = Date.now()): Promise<ApiCredential | null> {
    const row: ApiCredentialTable = {
      id: newId(),
      user_id: credential.userId,
      provider: credential.provider,
      label: credential.label,
      encrypted_value: credential.encryptedValue,
      iv: credential.iv,
      auth_tag: credential.authTag,
      key_version: credential.keyVersion,
      created_at: now,
      updated_at: now,
    };
    // A plain upsert cannot serve system-wide keys: SQL unique constraints treat NULL user ids
    // as distinct, so every save would add a row. Update the existing row by id, else insert.
    await this.#store.db.transaction().execute(async (trx) => {
      let existing = trx
        .selectFrom('api_credentials')
        .select('id')
        .where('provider', '=', credential.provider)
        .where('label', '=', credential.label);
      existing =
        credential.userId === null
          ? existing.where('user_id', 'is', null)
          : existing.where('user_id', '=', credential.userId);
      const found = await existing.executeTakeFirst();
      if (found) {
        await trx
          .updateTable('api_credentials')
          .set({
            encrypted_value: row.encrypted_value,
            iv: row.iv,
            auth_tag: row.auth_tag,
            key_version: row.key_version,
            updated_at: now,
          })
          .where('id', '=', found.id)
          .execute();
      } else {
        await trx.insertInto('api_credentials').values(row).execute();
      }
    });
    return this.find(credential.userId, credential.provider, credential.label);
  }

  async find(
    userId: string | null,
    provider: string,
    label: string,
  ): Promise<ApiCredential | null> {
    let query = this.#store.db
      .selectFrom('api_credentials')
      .selectAll()
      .where('provider', '=', provider)
      .where('label', '=', label);
    query =
      userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId);
    const row = await query.orderBy('updated_at', 'desc').executeTakeFirst();
    return row ? toCredential(row) : null;
  }

  async list(userId?: string): Promise<ApiCredential[]> {
    let query = this.#store.db.selectFrom('api_credentials').selectAll();
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const rows = await query.orderBy('provider').orderBy('label').execute();
    return rows.map(toCredential);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.#store.db
      .deleteFrom('api_credentials')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toCredential(row: ApiCredentialTable): ApiCredential {
  return {
    id: row.id,
    userId: row.user_id,
    provider: row.provider,
    label: row.label,
    encryptedValue: row.encrypted_value,
    iv: row.iv,
    authTag: row.auth_tag,
    keyVersion: num(row.key_version),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}
