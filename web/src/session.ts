import { computed, reactive } from 'vue';
import { can as roleCan, type Permission } from '../../src/server/permissions.ts';
import { onSessionChange, type PublicUser } from './api/http.ts';

/**
 * Who is logged in. The navigation and route guards read the same permission matrix the
 * server enforces (src/server/permissions.ts), so hiding a page never drifts from the API.
 */
export const session = reactive<{ user: PublicUser | null; checked: boolean }>({
  user: null,
  checked: false,
});

onSessionChange((user) => {
  session.user = user;
});

export function can(permission: Permission): boolean {
  return session.user !== null && roleCan(session.user.role, permission);
}

export const userLabel = computed(() =>
  session.user === null ? '' : (session.user.displayName ?? session.user.email),
);

export type { Permission };
