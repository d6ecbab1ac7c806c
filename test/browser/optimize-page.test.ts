import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/infra/logger.ts';
import { createKeyring, parseMasterKey } from '../../src/infra/secrets.ts';
import { createJobHandlers } from '../../src/jobs/handlers.ts';
import { createInProcessQueue, type InProcessJobQueue } from '../../src/jobs/in-process-queue.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { testServerConfig } from '../../src/server/server-config.ts';
import { createUser } from '../../src/server/user-admin.ts';
import { openDatabase, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { CHROMIUM_ARGS, chromiumAvailable, chromiumPath } from '../support/chromium.ts';
import { projectRoot } from '../support/shared-data.ts';
import { ensureWebBuild } from './support/web-build.ts';

const PASSWORD = 'optimise-page-password-1';

/**
 * The Optimise page end to end: the real API with the `optimisation` job handler the real
 * server registers, the built dashboard, and Chromium.
 */
describe.skipIf(!chromiumAvailable('Optimise page browser test'))(
  'Optimise page in Chromium',
  () => {
    let browser: Browser;
    let app: FastifyInstance;
    let queue: InProcessJobQueue;
    let store: Store;
    let folder: string;
    let url: string;

    beforeAll(async () => {
      await ensureWebBuild('Optimise page browser test');
      folder = mkdtempSync(join(tmpdir(), 'microcap-optimise-'));
      store = await openDatabase(`sqlite:${join(folder, 'microcap.db')}`);
      await migrateToLatest(store);
      const users = createRepositories(store).users;
      await createUser(users, {
        email: 'analyst@example.com',
        password: PASSWORD,
        role: 'analyst',
      });
      await createUser(users, { email: 'viewer@example.com', password: PASSWORD, role: 'viewer' });
      queue = createInProcessQueue({ handlers: createJobHandlers(), concurrency: 1 });
      app = await buildServer({
        store,
        queue,
        config: testServerConfig({ jwtSecret: 'optimise-test-secret-0123456789-0123456789-ab' }),
        keyring: createKeyring(parseMasterKey(`1:${Buffer.alloc(32, 5).toString('base64')}`)),
        logger: createLogger({ name: 'microcap-optimise-test', level: 'warn' }),
      });
      url = await app.listen({ host: '127.0.0.1', port: 0 });
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: CHROMIUM_ARGS,
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await queue?.close();
      await store?.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    async function logIn(email: string) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(`${url}/login`);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('[data-test="login-submit"]');
      await page.waitForSelector('[data-test="current-user"]');
      return { context, page, errors };
    }

    it('runs a demo sweep with live progress and shows ranking, heatmap and statistics', async () => {
      const { context, page, errors } = await logIn('analyst@example.com');
      await page.click('[data-test="navigation"] >> text=Optimise');
      await page.waitForSelector('[data-test="optimize-form"]');
      // ma-crossover is preselected with its two numeric parameters as the axes.
      await page.fill('[data-test="axis-0-from"] input', '5');
      await page.fill('[data-test="axis-0-to"] input', '15');
      await page.fill('[data-test="axis-0-step"] input', '5');
      await page.fill('[data-test="axis-1-from"] input', '20');
      await page.fill('[data-test="axis-1-to"] input', '40');
      await page.fill('[data-test="axis-1-step"] input', '10');
      expect(await page.textContent('[data-test="grid-points"]')).toContain('9 grid points');
      await page.click('[data-test="run-optimize"]');
      await page.waitForSelector('[data-test="optimize-job"][data-status="completed"]', {
        timeout: 90_000,
      });
      expect(await page.getAttribute('[data-test="optimize-job"]', 'data-channel')).toBe('sse');
      await page.waitForSelector('[data-test="ranked-table"]');
      expect(await page.locator('[data-test="ranked-table"] tbody tr').count()).toBe(9);
      expect(await page.locator('[data-test="heatmap"] .heat-cell').count()).toBe(9);
      expect((await page.textContent('[data-test="stat-trials"]'))?.trim()).toBe('9');
      expect(await page.textContent('[data-test="stat-dsr"]')).toMatch(/\d/);
      const artifacts = join(projectRoot, 'test-artifacts', 'optimize');
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'sweep-result.png'), fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);

    it('keeps the page out of a viewer’s navigation and routes', async () => {
      const { context, page } = await logIn('viewer@example.com');
      expect(await page.locator('[data-test="navigation"] >> text=Optimise').count()).toBe(0);
      await page.goto(`${url}/optimize`);
      await page.waitForURL(/\/forbidden/);
      await context.close();
    }, 60_000);
  },
);
