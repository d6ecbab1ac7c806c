/**
 * THE permission matrix: the one place that says which role may do what. Every /api route
 * names one permission in its `config.permission` (or is marked public); the rbac plugin
 * refuses to start a server with a route that names neither. docs/permissions.md documents
 * this table (a test keeps the two in sync).
 *
 * `*:own` permissions cover objects the user owns; `*:all` extends them to everyone's.
 */

export const ROLES = [
  'admin',
  'trader',
  'analyst',
  'portfolio-manager',
  'compliance',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'profile:read',
  'users:read',
  'users:manage',
  'credentials:manage',
  'strategies:read',
  'strategy-configs:read:own',
  'strategy-configs:read:all',
  'strategy-configs:write:own',
  'strategy-configs:write:all',
  'backtests:run',
  'backtests:read:own',
  'backtests:read:all',
  'backtests:delete:own',
  'backtests:delete:all',
  'jobs:read:own',
  'jobs:read:all',
  'events:stream',
  'market-data:read',
  'market-data:import',
  'signals:read',
  'portfolios:read:own',
  'portfolios:read:all',
  'portfolios:write:own',
  'audit:read',
  'audit:verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: readonly Permission[] = [
  'profile:read',
  'strategies:read',
  'market-data:read',
  'signals:read',
];

const RESEARCH: readonly Permission[] = [
  'strategy-configs:read:own',
  'strategy-configs:write:own',
  'backtests:run',
  'backtests:read:own',
  'backtests:delete:own',
  'jobs:read:own',
  'events:stream',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  trader: [...EVERYONE, ...RESEARCH, 'portfolios:read:own', 'portfolios:write:own'],
  analyst: [
    ...EVERYONE,
    ...RESEARCH,
    'strategy-configs:read:all',
    'backtests:read:all',
    'market-data:import',
  ],
  'portfolio-manager': [
    ...EVERYONE,
    ...RESEARCH,
    'strategy-configs:read:all',
    'backtests:read:all',
    'portfolios:read:own',
    'portfolios:read:all',
    'portfolios:write:own',
  ],
  compliance: [
    ...EVERYONE,
    'users:read',
    'strategy-configs:read:own',
    'strategy-configs:read:all',
    'backtests:read:own',
    'backtests:read:all',
    'jobs:read:own',
    'jobs:read:all',
    'portfolios:read:own',
    'portfolios:read:all',
    'audit:read',
    'audit:verify',
  ],
  viewer: [...EVERYONE, 'backtests:read:own', 'portfolios:read:own', 'jobs:read:own'],
};

const GRANTS: ReadonlyMap<string, ReadonlySet<Permission>> = new Map(
  ROLES.map((role) => [role, new Set(ROLE_PERMISSIONS[role])]),
);

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Whether `role` holds `permission`; unknown roles hold nothing. */
export function can(role: string, permission: Permission): boolean {
  return GRANTS.get(role)?.has(permission) ?? false;
}

/** The base permission of an object-level pair: `backtests:read:own` -> `backtests:read`. */
export type ScopedAction =
  | 'strategy-configs:read'
  | 'strategy-configs:write'
  | 'backtests:read'
  | 'backtests:delete'
  | 'jobs:read'
  | 'portfolios:read';

/**
 * Object-level check: may a user with `role` and `userId` act on an object owned by
 * `ownerId`? The `:all` grant covers everyone's objects, `:own` only the user's own; objects
 * without an owner (system-made) need `:all`.
 */
export function canOnObject(
  role: string,
  userId: string,
  action: ScopedAction,
  ownerId: string | null,
): boolean {
  if (can(role, `${action}:all` as Permission)) return true;
  return ownerId !== null && ownerId === userId && can(role, `${action}:own` as Permission);
}

/** Whether the role sees everyone's objects for this action (list routes filter otherwise). */
export function seesAll(role: string, action: ScopedAction): boolean {
  return can(role, `${action}:all` as Permission);
}

/**
 * Whether a user may change a paper portfolio owned by `ownerId` (run it, trade in it, point a
 * schedule at it): portfolios:write:own, and the portfolio is theirs or the role sees every
 * portfolio.
 */
export function canChangePortfolio(role: string, userId: string, ownerId: string | null): boolean {
  return (
    can(role, 'portfolios:write:own') && (ownerId === userId || seesAll(role, 'portfolios:read'))
  );
}
