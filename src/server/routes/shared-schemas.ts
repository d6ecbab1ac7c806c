import { z } from 'zod';
import { SIGNAL_STAGES } from '../../signals/types.ts';
import type { User } from '../../store/repositories/user-repository.ts';
import { ROLES } from '../permissions.ts';

/** Zod pieces several route files share (ids, users, errors, paging). */

export const idParams = z.object({ id: z.string().min(1).max(64) });

/** A portfolio or schedule named in the path. */
export const nameParams = z.object({ name: z.string().min(1).max(100) });

export const roleSchema = z.enum(ROLES);

export const publicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  displayName: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.number(),
  lastLoginAt: z.number().nullable(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

/** A user as the API shows it: never the password hash. */
export function publicUser(user: User): PublicUser {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    displayName: user.displayName,
    disabled: user.disabled,
    createdAt: user.createdAt,
    lastLoginAt: user.lastLoginAt,
  };
}

export const limitQuery = z.coerce.number().int().min(1).max(1_000).optional();

/** Filters of a list of pipeline signals (all of them, or one portfolio's). */
export const signalQuery = z.object({
  status: z.enum(['accepted', 'rejected']).optional(),
  stage: z.enum(SIGNAL_STAGES as [string, ...string[]]).optional(),
  symbol: z.string().max(32).optional(),
  limit: limitQuery,
});

export const errorSchema = z.object({
  error: z.string(),
  message: z.string(),
  statusCode: z.number(),
  requestId: z.string(),
  field: z.string().optional(),
});
