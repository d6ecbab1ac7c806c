import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { refreshSession } from './api/http.ts';
import { can, session, type Permission } from './session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** What the page needs; absent for public pages (login). */
    permission?: Permission;
    title?: string;
  }
}

/** Every page is its own chunk (loaded on first visit) so the first paint stays small. */
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
  {
    path: '/',
    name: 'overview',
    component: () => import('./pages/OverviewPage.vue'),
    meta: { permission: 'profile:read', title: 'Overview' },
  },
  {
    path: '/strategies',
    name: 'strategies',
    component: () => import('./pages/StrategiesPage.vue'),
    meta: { permission: 'strategies:read', title: 'Strategies' },
  },
  {
    path: '/backtests',
    name: 'backtests',
    component: () => import('./pages/BacktestsPage.vue'),
    meta: { permission: 'backtests:read:own', title: 'Backtests' },
  },
  {
    path: '/backtests/:id',
    name: 'backtest',
    component: () => import('./pages/BacktestResultPage.vue'),
    meta: { permission: 'backtests:read:own', title: 'Backtest result' },
    props: true,
  },
  {
    path: '/optimize',
    name: 'optimize',
    component: () => import('./pages/OptimizePage.vue'),
    meta: { permission: 'backtests:run', title: 'Optimise' },
  },
  {
    path: '/market-data',
    name: 'market-data',
    component: () => import('./pages/MarketDataPage.vue'),
    meta: { permission: 'market-data:read', title: 'Market data' },
  },
  {
    path: '/signals',
    name: 'signals',
    component: () => import('./pages/SignalsPage.vue'),
    meta: { permission: 'signals:read', title: 'Signals' },
  },
  {
    path: '/portfolios',
    name: 'portfolios',
    component: () => import('./pages/PortfoliosPage.vue'),
    meta: { permission: 'portfolios:read:own', title: 'Portfolios' },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./pages/AuditPage.vue'),
    meta: { permission: 'audit:read', title: 'Audit log' },
  },
  {
    path: '/users',
    name: 'users',
    component: () => import('./pages/UsersPage.vue'),
    meta: { permission: 'users:read', title: 'Users' },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('./pages/ForbiddenPage.vue'),
    meta: { permission: 'profile:read', title: 'Not allowed' },
  },
  {
    path: '/:rest(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: 'Not found' },
  },
];

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
