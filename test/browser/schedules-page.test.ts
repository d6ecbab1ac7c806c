import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperDb } from '../../src/signals/db-schema.ts';
import {
  claimScheduleRun,
  createSchedule,
  findSchedule,
  finishScheduleRun,
} from '../../src/signals/schedules.ts';
import type { ScheduleJson } from '../../web/src/api/schedules.ts';
import {
  parseSymbols,
  runOutcomeText,
  scheduleChanges,
  symbolsText,
  universeText,
} from '../../web/src/lib/schedule-view.ts';
import { projectRoot } from '../support/shared-data.ts';
import { CHROMIUM_ARGS, chromiumAvailable, chromiumPath } from '../support/chromium.ts';
import {
  PASSWORD,
  ROLE_EMAILS,
  startDashboardServer,
  type DashboardServer,
} from './support/dashboard-server.ts';
import { ensureWebBuild, webRoot } from './support/web-build.ts';

const artifacts = join(projectRoot, 'test-artifacts', 'schedules');

describe('schedule page helpers', () => {
  it('sends only what the edit form changed, the universe whole', () => {
    const current: ScheduleJson = {
      id: 's1',
      name: 'nightly',
      strategy: 'rsi',
      params: { period: 14, oversold: 30 },
      strategyConfigId: 'cfg1',
      symbols: ['ABCD'],
      universe: {
        maxMarketCap: 300e6,
        minPrice: 1,
        minAvgVolume: 10_000,
        volumeWindow: 20,
        requireMarketCap: false,
      },
      portfolioId: null,
      cron: '@after-close',
      timezone: 'America/New_York',
      enabled: true,
      createdAt: 0,
      updatedAt: 0,
      nextRun: null,
    };
    const form = {
      name: 'nightly',
      strategy: 'rsi',
      params: { oversold: 30, period: 14 },
      symbols: ['ABCD'],
      universe: { maxMarketCap: 300e6, minPrice: 1, minAvgVolume: 10_000 },
      portfolio: null,
      cron: '@after-close',
      timezone: 'America/New_York',
      enabled: true,
    };
    expect(scheduleChanges(current, form, null)).toEqual({});
    // Parameters alone go without the strategy (a saved configuration's link is kept).
    expect(
      scheduleChanges(current, { ...form, params: { period: 10, oversold: 30 } }, null),
    ).toEqual({ params: { period: 10, oversold: 30 } });
    expect(scheduleChanges(current, { ...form, strategy: 'macd', params: {} }, null)).toEqual({
      strategy: 'macd',
      params: {},
    });
    expect(
      scheduleChanges(
        current,
        { ...form, cron: '0 9 * * 1', enabled: false, universe: { ...form.universe, minPrice: 2 } },
        null,
      ),
    ).toEqual({
      cron: '0 9 * * 1',
      enabled: false,
      universe: { ...current.universe, minPrice: 2 },
    });
    expect(scheduleChanges(current, { ...form, portfolio: 'main' }, null)).toEqual({
      portfolio: 'main',
    });
    expect(scheduleChanges({ ...current, portfolioId: 'p1' }, form, 'main')).toEqual({
      portfolio: null,
    });
  });

  it('reads a typed symbol list: separators, case, repeats', () => {
    expect(parseSymbols(' abc, def;ghi  abc\n')).toEqual(['ABC', 'DEF', 'GHI']);
    expect(parseSymbols(' , ')).toEqual([]);
  });

  it('shortens long symbol lists and describes the universe filter', () => {
    expect(symbolsText(['A', 'B', 'C', 'D', 'E', 'F'])).toBe('A, B, C, D +2');
    expect(symbolsText([])).toBe('—');
    expect(
      universeText({
        maxMarketCap: 300_000_000,
        minPrice: 1,
        minAvgVolume: 10_000,
        volumeWindow: 20,
        requireMarketCap: true,
      }),
    ).toBe('cap ≤ $300M · price ≥ $1 · avg volume ≥ 10000 (20 d) · cap required');
  });

  it('says what a run did', () => {
    expect(runOutcomeText({ status: 'failed', summary: { error: 'no bars' } })).toBe('no bars');
    expect(runOutcomeText({ status: 'skipped', summary: { reason: 'market closed' } })).toBe(
      'market closed',
    );
    expect(
      runOutcomeText({
        status: 'completed',
        summary: { kind: 'signals', universe: 3, accepted: 1, rejected: 2 },
      }),
    ).toBe('3 in universe, 1 accepted, 2 rejected');
    expect(
      runOutcomeText({
        status: 'completed',
        summary: { kind: 'paper-run', portfolio: 'main', status: 'ok' },
      }),
    ).toBe('main: ok');
    expect(runOutcomeText({ status: 'running', summary: null })).toBe('in progress');
  });
});

/**
 * The Schedules page end to end: the real API on a temporary SQLite database, the built
 * dashboard and Chromium. An admin adds, switches off and deletes a schedule through the page;
 * a viewer only reads.
 */
describe.skipIf(!chromiumAvailable('Schedules page browser test'))(
  'Schedules page in Chromium',
  () => {
    let browser: Browser;
    let server: DashboardServer;

    beforeAll(async () => {
      await ensureWebBuild('schedules page test');
      mkdirSync(artifacts, { recursive: true });
      server = await startDashboardServer(webRoot, { demo: false });
      browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function logIn(email: string) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        // The duplicate-name check below answers 400 on purpose; the browser logs that.
        if (message.type() === 'error' && !message.text().includes('status of 400')) {
          errors.push(message.text());
        }
      });
      await page.goto(`${server.url}/login`);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('[data-test="login-submit"]');
      await page.waitForSelector('[data-test="current-user"]');
      return { context, page, errors };
    }

    async function navigationLinks(page: Page): Promise<string[]> {
      return page.$$eval('[data-test="navigation"] a', (links) =>
        links.map((link) => link.textContent?.trim() ?? ''),
      );
    }

    it('calls only schedule routes the server declares', async () => {
      const client = await readFile(join(projectRoot, 'web/src/api/schedules.ts'), 'utf8');
      const called = [
        ...client.matchAll(/api\.(get|post|patch|delete)(?:<[^>]*>)?\(\s*['`](\/api\/[^'`?]*)/g),
      ].map(
        ([, method, path]) =>
          `${method.toUpperCase()} ${path.replace(/\$\{name\([^)]*\)\}/g, '{name}')}`,
      );
      expect(called).toHaveLength(6);
      const document = (await server.api.inject({ method: 'GET', url: '/docs/json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      const declared = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(called.filter((route) => !declared.includes(route))).toEqual([]);
    });

    it('adds a schedule, changes it, switches it off, runs it now, shows its runs and deletes it', async () => {
      const { context, page, errors } = await logIn(ROLE_EMAILS.admin);
      expect(await navigationLinks(page)).toContain('Schedules');
      await page.click('[data-test="navigation"] >> text=Schedules');
      await page.waitForSelector('[data-test="schedules-table"] >> text=No schedules yet.');

      // Add: the first strategy is preselected with its default parameters.
      await page.click('[data-test="new-schedule"]');
      await page.waitForSelector('[data-test="schedule-dialog"] [data-test="param-form"]');
      expect(await page.isDisabled('[data-test="save-schedule"]')).toBe(true); // name missing
      await page.fill('input[name="schedule-name"]', 'nightly-scan');
      await page.fill('input[name="schedule-symbols"]', 'abcd, efgh');
      await page.fill('input[name="schedule-cron"]', '0 18 * * 1-5');
      await page.click('[data-test="save-schedule"]');
      await page.waitForSelector('[data-test="schedule-dialog"]', { state: 'detached' });
      const row = page.locator('[data-test="schedules-table"] tbody tr', {
        has: page.locator('[data-test="schedule-row-nightly-scan"]'),
      });
      await row.waitFor();
      const rowText = await row.textContent();
      expect(rowText).toContain('ABCD, EFGH');
      expect(rowText).toContain('0 18 * * 1-5');
      expect(rowText).toContain('America/New_York');
      expect(rowText).toContain('never');
      expect(await page.textContent('[data-test="schedule-enabled-nightly-scan"]')).toContain('on');

      // The server's refusal of a second schedule by the same name names the field.
      await page.click('[data-test="new-schedule"]');
      await page.fill('input[name="schedule-name"]', 'nightly-scan');
      await page.fill('input[name="schedule-symbols"]', 'ABCD');
      await page.click('[data-test="save-schedule"]');
      expect(await page.textContent('[data-test="schedule-save-error"]')).toContain(
        'name: a schedule with this name exists',
      );
      await page.click('[data-test="close-schedule"]');
      await page.waitForSelector('[data-test="schedule-dialog"]', { state: 'detached' });

      // Edit: a bad cron is the server's to refuse, naming the field; nothing is changed.
      const store = server.api.services.store;
      await page.click('[data-test="edit-schedule-nightly-scan"]');
      await page.waitForSelector('[data-test="schedule-dialog"] >> text=Not run yet.');
      await page.fill('input[name="schedule-cron"]', '61 18 * * 1-5');
      await page.click('[data-test="save-schedule"]');
      expect(await page.textContent('[data-test="schedule-save-error"]')).toContain('minute field');
      expect((await findSchedule(store, 'nightly-scan')).cron).toBe('0 18 * * 1-5');
      // Then a good cron, another symbol and switched off, in one save.
      await page.fill('input[name="schedule-cron"]', '0 19 * * 1-5');
      await page.fill('input[name="schedule-symbols"]', 'ABCD, EFGH, ijkl');
      await page.click('[data-test="schedule-enabled"] input');
      await page.click('[data-test="save-schedule"]');
      await page.waitForSelector('[data-test="schedule-dialog"]', { state: 'detached' });
      await page.waitForSelector('[data-test="schedule-enabled-nightly-scan"]:has-text("off")');
      expect(await row.textContent()).toContain('0 19 * * 1-5');
      const changed = await findSchedule(store, 'nightly-scan');
      expect(changed).toMatchObject({
        enabled: false,
        cron: '0 19 * * 1-5',
        symbols: ['ABCD', 'EFGH', 'IJKL'],
      });

      // A failed run (as the scheduler records one) shows as the last run with its error.
      const schedule = await findSchedule(store, 'nightly-scan');
      const dueAt = Date.parse('2026-03-02T23:00:00Z');
      await claimScheduleRun(paperDb(store), schedule.id, dueAt, 'test-worker');
      await finishScheduleRun(paperDb(store), schedule.id, dueAt, 'failed', {
        error: 'no bars for ABCD',
      });
      await page.reload();
      await row.waitFor();
      await page.waitForSelector('[data-test="schedules-table"] >> text=no bars for ABCD');
      expect(await row.textContent()).toContain('2026-03-02 23:00');
      await page.screenshot({ path: join(artifacts, 'schedules-table.png'), fullPage: true });
      await page.click('[data-test="edit-schedule-nightly-scan"]');
      await page.waitForSelector('[data-test="schedule-runs"] >> text=test-worker');
      await page.screenshot({ path: join(artifacts, 'schedule-dialog.png') });
      await page.click('[data-test="close-schedule"]');
      await page.waitForSelector('[data-test="schedule-dialog"]', { state: 'detached' });

      // Run now (switched off or not): no bars are stored for these symbols, so the pass finds
      // an empty universe; the run is recorded and becomes the last run.
      await page.click('[data-test="run-schedule-nightly-scan"]');
      expect(await page.textContent('[data-test="run-now-result"]')).toContain(
        'nightly-scan: 0 in universe, 0 accepted, 0 rejected',
      );
      await page.waitForSelector('[data-test="schedules-table"] >> text=completed');
      const stored = await paperDb(store)
        .selectFrom('schedule_runs')
        .select(['status', 'claimed_by'])
        .where('schedule_id', '=', schedule.id)
        .orderBy('due_at', 'desc')
        .execute();
      expect(stored.map((run) => run.status)).toEqual(['completed', 'failed']);
      expect(stored[0].claimed_by).toMatch(/^api:/);

      // Delete, after confirming.
      await page.click('[data-test="delete-schedule-nightly-scan"]');
      await page.waitForSelector('[data-test="confirm-delete-dialog"] >> text=nightly-scan');
      await page.click('[data-test="confirm-delete"]');
      await page.waitForSelector('[data-test="schedules-table"] >> text=No schedules yet.');
      await expect(findSchedule(store, 'nightly-scan')).rejects.toThrow('no such schedule');
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);

    it('shows a viewer the schedules read-only (signals:read without portfolios:write:own)', async () => {
      await createSchedule(server.api.services.store, {
        name: 'viewer-visible',
        strategy: 'ma-crossover',
        symbols: ['WXYZ'],
      });
      const { context, page, errors } = await logIn(ROLE_EMAILS.viewer);
      expect(await navigationLinks(page)).toContain('Schedules');
      expect(await navigationLinks(page)).not.toContain('Users');
      await page.click('[data-test="navigation"] >> text=Schedules');
      await page.waitForSelector('[data-test="schedule-row-viewer-visible"]');
      expect(await page.locator('[data-test="new-schedule"]').count()).toBe(0);
      expect(await page.locator('[data-test="delete-schedule-viewer-visible"]').count()).toBe(0);
      expect(await page.locator('[data-test="run-schedule-viewer-visible"]').count()).toBe(0);
      expect((await page.textContent('[data-test="edit-schedule-viewer-visible"]'))?.trim()).toBe(
        'Details',
      );
      await page.click('[data-test="edit-schedule-viewer-visible"]');
      await page.waitForSelector('[data-test="schedule-dialog"] >> text=Not run yet.');
      expect(await page.locator('[data-test="save-schedule"]').count()).toBe(0);
      expect(await page.isDisabled('input[name="schedule-name"]')).toBe(true);
      expect(await page.isDisabled('[data-test="schedule-enabled"] input')).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  },
);
