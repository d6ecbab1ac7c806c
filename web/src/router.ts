import {
  createRouter,
  createWebHistory,
  type RouteComponent,
  type RouteRecordRaw,
  type RouteRecordSingleView,
} from 'vue-router';
import { refreshSession } from './api/http.ts';
import { can, session, type Permission } from './session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** What the page needs; absent for public pages (login). */
    permission?: Permission;
    title?: string;
  }
}

/** Each page is its own chunk (loaded on first visit) so the first paint stays small. */
const PAGE_FILES = import.meta.glob<RouteComponent>('./pages/*.vue', { import: 'default' });

function pageFile(file: string): () => Promise<RouteComponent> {
  const load = PAGE_FILES[`./pages/${file}.vue`];
  if (load === undefined) throw new Error(`router: there is no web/src/pages/${file}.vue`);
  return load;
}

/** A page's route: what it needs (undefined: any signed-in user) and its title. */
function page(
  path: string,
  name: string,
  file: string,
  permission: Permission | undefined,
  title: string,
): RouteRecordSingleView {
  const meta = permission === undefined ? { title } : { permission, title };
  return { path, name, component: pageFile(file), meta };
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: pageFile('LoginPage') },
  page('/', 'overview', 'OverviewPage', 'profile:read', 'Overview'),
  page('/strategies', 'strategies', 'StrategiesPage', 'strategies:read', 'Strategies'),
  page('/backtests', 'backtests', 'BacktestsPage', 'backtests:read:own', 'Backtests'),
  {
    ...page(
      '/backtests/:id',
      'backtest',
      'BacktestResultPage',
      'backtests:read:own',
      'Backtest result',
    ),
    props: true,
  },
  page('/optimize', 'optimize', 'OptimizePage', 'backtests:run', 'Optimise'),
  page('/market-data', 'market-data', 'MarketDataPage', 'market-data:read', 'Market data'),
  page('/signals', 'signals', 'SignalsPage', 'signals:read', 'Signals'),
  // Reading schedules needs signals:read, as GET /api/schedules does; the page is read-only
  // without portfolios:write:own (what adding, switching and deleting need).
  page('/schedules', 'schedules', 'SchedulesPage', 'signals:read', 'Schedules'),
  page('/portfolios', 'portfolios', 'PortfoliosPage', 'portfolios:read:own', 'Portfolios'),
  page('/audit', 'audit', 'AuditPage', 'audit:read', 'Audit log'),
  page('/users', 'users', 'UsersPage', 'users:read', 'Users'),
  page('/forbidden', 'forbidden', 'ForbiddenPage', 'profile:read', 'Not allowed'),
  page('/:rest(.*)*', 'not-found', 'NotFoundPage', undefined, 'Not found'),
];

export interface NavEntry {
  readonly to: string;
  readonly title: string;
  readonly permission: Permission;
}

/** The side navigation, in order, with each page's path, title and permission from its route. */
export const NAVIGATION: readonly NavEntry[] = [
  'overview',
  'strategies',
  'backtests',
  'optimize',
  'market-data',
  'signals',
  'schedules',
  'portfolios',
  'audit',
  'users',
].map((name) => {
  const route = routes.find((candidate) => candidate.name === name);
  const permission = route?.meta?.permission;
  if (route === undefined || permission === undefined) {
    throw new Error(`router: navigation entry ${name} needs a route with a permission`);
  }
  return { to: route.path, title: route.meta?.title ?? name, permission };
});

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  // After a reload the access token is gone; the refresh cookie may still hold a session.
  if (!session.checked) {
    await refreshSession();
    session.checked = true;
  }
  if (to.name === 'login') return session.user === null ? true : { name: 'overview' };
  const permission = to.meta.permission;
  if (permission === undefined) return true;
  if (session.user === null) return { name: 'login', query: { next: to.fullPath } };
  if (!can(permission)) return { name: 'forbidden', query: { from: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · microcap` : 'microcap';
});
