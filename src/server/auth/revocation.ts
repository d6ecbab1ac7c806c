import type { Redis } from 'ioredis';
import type { Store } from '../../store/database.ts';
import { selectRows } from '../fast-query.ts';
import { serverDb } from '../server-schema.ts';
import { VersionedCache } from '../versioned-cache.ts';

/**
 * Which login families are revoked, asked on every authenticated request (access tokens carry
 * their family id). Redis answers when configured (shared by every server process); otherwise
 * the database does.
 */
export interface RevocationList {
  isRevoked(familyId: string): Promise<boolean>;
  /** `ttlSeconds`: how long the entry must outlive the revocation (the access-token lifetime). */
  markRevoked(familyId: string, ttlSeconds: number): Promise<void>;
}

export class DatabaseRevocationList implements RevocationList {
  readonly #store: Store;
  // Answers reused only while the database is unchanged (any revocation is a write, from this
  // process or another), so every request still sees the latest committed state.
  readonly #answers: VersionedCache<boolean>;

  constructor(store: Store) {
    this.#store = store;
    this.#answers = new VersionedCache(store, { maxEntries: 10_000 });
  }

  isRevoked(familyId: string): Promise<boolean> {
    return this.#answers.get(familyId, () => this.#lookUp(familyId));
  }

  async #lookUp(familyId: string): Promise<boolean> {
    const [row] = await selectRows(
      this.#store,
      serverDb(this.#store)
        .selectFrom('session_families')
        .select('revoked_at')
        .where('id', '=', familyId)
        .compile(),
    );
    // An unknown family (deleted user, wiped table) counts as revoked.
    return !row || row.revoked_at !== null;
  }

  async markRevoked(): Promise<void> {
    // The session_families row already says so.
  }
}

export class RedisRevocationList implements RevocationList {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix = 'microcap') {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async isRevoked(familyId: string): Promise<boolean> {
    return (await this.#redis.exists(`${this.#prefix}:revoked-family:${familyId}`)) === 1;
  }

  async markRevoked(familyId: string, ttlSeconds: number): Promise<void> {
    await this.#redis.set(`${this.#prefix}:revoked-family:${familyId}`, '1', 'EX', ttlSeconds + 60);
  }
}
