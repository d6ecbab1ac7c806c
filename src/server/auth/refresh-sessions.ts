import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../store/database.ts';
import { newId, num } from '../../store/ids.ts';
import { serverDb } from '../server-schema.ts';
import type { RevocationList } from './revocation.ts';

/**
 * Rotating refresh tokens. A login opens a family; every refresh replaces the presented token
 * with a new one in the same family. A token presented after it was replaced (stolen and used
 * by someone else, or replayed) revokes the whole family, which also ends the access tokens
 * that carry the family id. Only SHA-256 hashes of tokens are stored.
 */

export interface SessionMeta {
  readonly userAgent: string | null;
  readonly ip: string | null;
}

export interface IssuedRefresh {
  readonly token: string;
  readonly familyId: string;
  readonly userId: string;
  readonly expiresAt: number;
}

export type RotateOutcome =
  | { readonly kind: 'rotated'; readonly issued: IssuedRefresh }
  | { readonly kind: 'reused'; readonly familyId: string; readonly userId: string }
  | { readonly kind: 'invalid' };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class RefreshSessions {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #revocations: RevocationList;
  /** How long a revoked family must stay listed: as long as an access token can live. */
  readonly #accessTtlSeconds: number;

  constructor(
    store: Store,
    options: { ttlDays: number; accessTtlSeconds: number; revocations: RevocationList },
  ) {
    this.#store = store;
    this.#ttlMs = options.ttlDays * 86_400_000;
    this.#revocations = options.revocations;
    this.#accessTtlSeconds = options.accessTtlSeconds;
  }

  async start(userId: string, meta: SessionMeta, now = Date.now()): Promise<IssuedRefresh> {
    const familyId = newId();
    const expiresAt = now + this.#ttlMs;
    await serverDb(this.#store)
      .insertInto('session_families')
      .values({
        id: familyId,
        user_id: userId,
        created_at: now,
        expires_at: expiresAt,
        revoked_at: null,
        revoked_reason: null,
      })
      .execute();
    return this.#issue(userId, familyId, expiresAt, meta, now);
  }

  async rotate(token: string, meta: SessionMeta, now = Date.now()): Promise<RotateOutcome> {
    const db = serverDb(this.#store);
    const row = await db
      .selectFrom('sessions')
      .innerJoin('session_families', 'session_families.id', 'sessions.family_id')
      .select([
        'sessions.id as id',
        'sessions.user_id as userId',
        'sessions.family_id as familyId',
        'sessions.replaced_at as replacedAt',
        'sessions.revoked_at as revokedAt',
        'sessions.expires_at as expiresAt',
        'session_families.revoked_at as familyRevokedAt',
        'session_families.expires_at as familyExpiresAt',
      ])
      .where('sessions.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.familyId === null) return { kind: 'invalid' };
    if (row.familyRevokedAt !== null) return { kind: 'invalid' };
    if (row.replacedAt !== null || row.revokedAt !== null) {
      await this.revokeFamily(row.familyId, 'refresh-token-reuse', now);
      return { kind: 'reused', familyId: row.familyId, userId: row.userId };
    }
    if (num(row.expiresAt) <= now) return { kind: 'invalid' };
    // Conditional update: of two concurrent refreshes with one token, exactly one wins and the
    // other is treated as reuse.
    const result = await db
      .updateTable('sessions')
      .set({ replaced_at: now })
      .where('id', '=', row.id)
      .where('replaced_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      await this.revokeFamily(row.familyId, 'refresh-token-reuse', now);
      return { kind: 'reused', familyId: row.familyId, userId: row.userId };
    }
    const issued = await this.#issue(row.userId, row.familyId, num(row.familyExpiresAt), meta, now);
    return { kind: 'rotated', issued };
  }

  /** The family a refresh token belongs to (for logout), or null when unknown. */
  async familyOf(token: string): Promise<{ familyId: string; userId: string } | null> {
    const row = await serverDb(this.#store)
      .selectFrom('sessions')
      .select(['family_id', 'user_id'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    return row?.family_id ? { familyId: row.family_id, userId: row.user_id } : null;
  }

  async revokeFamily(familyId: string, reason: string, now = Date.now()): Promise<void> {
    const db = serverDb(this.#store);
    await db
      .updateTable('session_families')
      .set({ revoked_at: now, revoked_reason: reason })
      .where('id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
    await db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
    await this.#revocations.markRevoked(familyId, this.#accessTtlSeconds);
  }

  /** Ends every login of a user (password reset, role change, disable). */
  async revokeAllForUser(userId: string, reason: string, now = Date.now()): Promise<number> {
    const families = await serverDb(this.#store)
      .selectFrom('session_families')
      .select('id')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    for (const family of families) await this.revokeFamily(family.id, reason, now);
    return families.length;
  }

  async #issue(
    userId: string,
    familyId: string,
    expiresAt: number,
    meta: SessionMeta,
    now: number,
  ): Promise<IssuedRefresh> {
    const token = randomBytes(32).toString('base64url');
    await serverDb(this.#store)
      .insertInto('sessions')
      .values({
        id: newId(),
        user_id: userId,
        token_hash: hashToken(token),
        created_at: now,
        expires_at: expiresAt,
        revoked_at: null,
        user_agent: meta.userAgent?.slice(0, 255) ?? null,
        ip: meta.ip?.slice(0, 64) ?? null,
        family_id: familyId,
        replaced_at: null,
      })
      .execute();
    return { token, familyId, userId, expiresAt };
  }
}
