import type { Store } from '../database.ts';
import { newId, num, numOrNull } from '../ids.ts';
import type { SessionTable, UserTable } from '../schema.ts';

export interface User {
  readonly id: string;
  readonly email: string;
  /** Whatever hash string the auth layer produced; this layer never hashes. */
  readonly passwordHash: string;
  readonly role: string;
  readonly displayName: string | null;
  readonly disabled: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastLoginAt: number | null;
}

export interface NewUser {
  readonly email: string;
  readonly passwordHash: string;
  readonly role: string;
  readonly displayName?: string | null;
}

export interface UserPatch {
  readonly email?: string;
  readonly passwordHash?: string;
  readonly role?: string;
  readonly displayName?: string | null;
  readonly disabled?: boolean;
  readonly lastLoginAt?: number | null;
}

/** Emails are stored trimmed and lower-case, so look-ups ignore case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UserRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async create(user: NewUser, now = Date.now()): Promise<User> {
    const row: UserTable = {
      id: newId(),
      email: normaliseEmail(user.email),
      password_hash: user.passwordHash,
      role: user.role,
      display_name: user.displayName ?? null,
      disabled: 0,
      created_at: now,
      updated_at: now,
      last_login_at: null,
    };
    await this.#store.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.#store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normaliseEmail(email))
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findById(id: string): Promise<User | null> {
    const row = await this.#store.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async list(): Promise<User[]> {
    const rows = await this.#store.db.selectFrom('users').selectAll().orderBy('email').execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const row = await this.#store.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return num(row.n);
  }

  async update(id: string, patch: UserPatch, now = Date.now()): Promise<User | null> {
    const set: Partial<UserTable> = { updated_at: now };
    if (patch.email !== undefined) set.email = normaliseEmail(patch.email);
    if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (patch.lastLoginAt !== undefined) set.last_login_at = patch.lastLoginAt;
    await this.#store.db.updateTable('users').set(set).where('id', '=', id).execute();
    return this.findById(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.#store.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly tokenHash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  readonly userAgent: string | null;
  readonly ip: string | null;
}

/** Refresh-token sessions; only a hash of the token is stored. */
export class SessionRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async create(
    session: Omit<Session, 'id' | 'createdAt' | 'revokedAt'>,
    now = Date.now(),
  ): Promise<Session> {
    const row: SessionTable = {
      id: newId(),
      user_id: session.userId,
      token_hash: session.tokenHash,
      created_at: now,
      expires_at: session.expiresAt,
      revoked_at: null,
      user_agent: session.userAgent,
      ip: session.ip,
    };
    await this.#store.db.insertInto('sessions').values(row).execute();
    return toSession(row);
  }

  async findByTokenHash(tokenHash: string): Promise<Session | null> {
    const row = await this.#store.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async revoke(id: string, now = Date.now()): Promise<boolean> {
    const result = await this.#store.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokeAllForUser(userId: string, now = Date.now()): Promise<number> {
    const result = await this.#store.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async deleteExpired(now = Date.now()): Promise<number> {
    const result = await this.#store.db
      .deleteFrom('sessions')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toUser(row: UserTable): User {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    displayName: row.display_name,
    disabled: num(row.disabled) !== 0,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    lastLoginAt: numOrNull(row.last_login_at),
  };
}

function toSession(row: SessionTable): Session {
  return {
    id: row.id,
    userId: row.user_id,
    tokenHash: row.token_hash,
    createdAt: num(row.created_at),
    expiresAt: num(row.expires_at),
    revokedAt: numOrNull(row.revoked_at),
    userAgent: row.user_agent,
    ip: row.ip,
  };
}
