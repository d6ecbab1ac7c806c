import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import type { User, UserRepository } from '../store/repositories/user-repository.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';
import { ROLES, isRole } from './permissions.ts';

/** User administration shared by the API (/api/users) and the CLI (`microcap users`). */

const emailSchema = z.email();

export function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > 254 || !emailSchema.safeParse(trimmed).success) {
    throw new InputError('email', email, 'not an email address');
  }
  return trimmed;
}

export function checkRole(role: string): string {
  if (!isRole(role)) throw new InputError('role', role, `expected one of ${ROLES.join(', ')}`);
  return role;
}

export interface NewUserInput {
  readonly email: string;
  readonly password: string;
  readonly role: string;
  readonly displayName?: string | null;
}

export async function createUser(users: UserRepository, input: NewUserInput): Promise<User> {
  const email = checkEmail(input.email);
  checkRole(input.role);
  checkPasswordPolicy(input.password);
  if (await users.findByEmail(email)) throw new InputError('email', email, 'already registered');
  return users.create({
    email,
    role: input.role,
    displayName: input.displayName ?? null,
    passwordHash: await hashPassword(input.password),
  });
}

/** A password a person can copy: 24 characters of base64url (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export interface FirstAdmin {
  readonly email: string;
  /** Set only when the password was generated (to be shown once). */
  readonly generatedPassword: string | null;
}

/**
 * On an empty users table, creates the first admin: from MICROCAP_ADMIN_EMAIL and
 * MICROCAP_ADMIN_PASSWORD when both are set, else admin@microcap.local with a generated password.
 * Returns null when users already exist.
 */
export async function ensureFirstAdmin(
  users: UserRepository,
  env: { adminEmail?: string; adminPassword?: string },
): Promise<FirstAdmin | null> {
  if ((await users.count()) > 0) return null;
  const email = env.adminEmail ?? 'admin@microcap.local';
  const generated = env.adminPassword === undefined ? generatePassword() : null;
  await createUser(users, {
    email,
    password: env.adminPassword ?? generated!,
    role: 'admin',
    displayName: 'Administrator',
  });
  return { email: email.trim().toLowerCase(), generatedPassword: generated };
}
