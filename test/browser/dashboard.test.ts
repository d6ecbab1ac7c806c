import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestResultJson } from '../../src/backtest/result.ts';
import { sampleStoredInsights } from '../../src/report/sample-input.ts';
import { projectRoot } from '../support/shared-data.ts';
import { CHROMIUM_ARGS, chromiumAvailable, chromiumPath } from '../support/chromium.ts';
import {
  PASSWORD,
  ROLE_EMAILS,
  startDashboardServer,
  type DashboardServer,
} from './support/dashboard-server.ts';
import { ensureWebBuild, webRoot } from './support/web-build.ts';

const hasChromium = chromiumAvailable('dashboard browser tests');

const artifacts = join(projectRoot, 'test-artifacts', 'dashboard');

interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

describe.skipIf(!hasChromium)('dashboard in Chromium', () => {
  let browser: Browser;
  let server: DashboardServer;

  beforeAll(async () => {
    await rm(artifacts, { recursive: true, force: true }); // no stale screenshots
    await mkdir(artifacts, { recursive: true });
    await ensureWebBuild('dashboard test');
    server = await startDashboardServer(webRoot);
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(viewport = { width: 1366, height: 900 }): Promise<Session> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    // Nothing may leave the machine: every request to another origin fails the run.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:')) {
        return route.continue();
      }
      errors.push(`request to another origin: ${url}`);
      return route.abort();
    });
    const errors: string[] = [];
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  }

  async function logIn(page: Page, email: string): Promise<void> {
    await page.goto(`${server.url}/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="current-user"]');
  }

  it('loads fast with a small initial bundle', async () => {
    const { context, page, errors } = await open();
    const scripts = new Map<string, Promise<Buffer>>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') {
        scripts.set(response.url(), response.body());
      }
    });
    // Navigation timing of one page load: until the login form is on screen, and the events.
    const measure = async () => {
      const started = Date.now();
      await page.goto(`${server.url}/login`, { waitUntil: 'load' });
      await page.waitForSelector('[data-test="login-form"]');
      const toLoginFormMs = Date.now() - started;
      const timing = await page.evaluate(() => {
        // Runs in the page; the Node typings lack the DOM's navigation timing entry.
        const entries = (performance.getEntriesByType as (type: string) => unknown[])('navigation');
        const nav = entries[0] as { domContentLoadedEventEnd: number; loadEventEnd: number };
        return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
      });
      return {
        toLoginFormMs,
        domContentLoadedMs: Math.round(timing.domContentLoaded),
        loadEventMs: Math.round(timing.load),
      };
    };
    // A blank page first, so the figure is the dashboard's load with an empty cache and not
    // Chromium starting its renderer process.
    await page.goto('about:blank');
    const cold = await measure();
    const warm = [await measure(), await measure(), await measure()].sort(
      (a, b) => a.toLoginFormMs - b.toLoginFormMs,
    )[1];
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const body of scripts.values()) {
      const bytes = await body;
      rawBytes += bytes.length;
      gzipBytes += gzipSync(bytes, { level: 9 }).length;
    }
    const figures = {
      cold,
      warmMedianOfThree: warm,
      loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
      cpus: cpus().length,
      initialScripts: scripts.size,
      initialJsBytes: rawBytes,
      initialJsGzipBytes: gzipBytes,
    };
    console.log(`dashboard load figures: ${JSON.stringify(figures)}`);
    await writeFile(join(artifacts, 'load-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    await page.screenshot({ path: join(artifacts, '01-login.png') });
    expect(gzipBytes).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThan(400 * 1024);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('runs a demo backtest and shows its statistics, charts and trades', async () => {
    const { context, page, errors } = await open();
    await logIn(page, ROLE_EMAILS.admin);
    await page.waitForSelector('[data-test="health-status"]');
    await page.screenshot({ path: join(artifacts, '02-overview.png') });

    await page.click('[data-test="navigation"] >> text=Backtests');
    await page.waitForSelector('[data-test="param-form"]');
    await page.click('[data-test="run-backtest"]');
    await page.waitForSelector('[data-test="job-card"]');
    await page.screenshot({ path: join(artifacts, '03-backtest-running.png') });
    await page.waitForSelector('[data-test="job-card"][data-status="completed"]', {
      timeout: 90_000,
    });
    const progress = await page.getAttribute('[data-test="job-progress"]', 'aria-valuenow');
    expect(Number(progress)).toBe(100);
    // Progress came over server-sent events, not the polling fallback.
    expect(await page.getAttribute('[data-test="job-card"]', 'data-channel')).toBe('sse');
    await page.screenshot({ path: join(artifacts, '04-backtest-finished.png') });

    await page.click('[data-test="open-result"]');
    await page.waitForSelector('[data-test="stats-table"]');
    const sharpe = await page.textContent('[data-metric="sharpeRatio"] td');
    expect(sharpe?.trim()).toMatch(/^-?\d+\.\d{2}$/);
    const sharpeLabel = await page.textContent('[data-metric="sharpeRatio"] th');
    expect(sharpeLabel).toContain('Sharpe ratio');

    // The equity chart has drawn something: its canvas holds non-transparent pixels.
    await page.waitForSelector('[data-test="equity-chart"] canvas');
    const inked = await page.$eval('[data-test="equity-chart"] canvas', (element) => {
      const canvas = element as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
        };
      };
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      return { count, width: canvas.width, height: canvas.height };
    });
    expect(inked.width).toBeGreaterThan(200);
    expect(inked.count).toBeGreaterThan(1000);
    await page.waitForSelector('[data-test="candle-chart"] canvas');
    await page.screenshot({ path: join(artifacts, '05-result.png'), fullPage: true });

    await page.click('[data-test="trades-tab"]');
    await page.waitForSelector('[data-test="trade-list"] tbody tr');
    const rows = await page.$$eval('[data-test="trade-list"] tbody tr', (r) => r.length);
    expect(rows).toBeGreaterThan(1);
    await page.fill('[data-test="trade-filter"] input', 'zzzz-no-such-trade');
    await page.waitForSelector('[data-test="trade-list"] >> text=0 of');
    await page.fill('[data-test="trade-filter"] input', '');
    await page.waitForSelector('[data-test="trade-list"] tbody tr:nth-child(2)');
    const tradeList = await page.$('[data-test="trade-list"]');
    await tradeList!.screenshot({ path: join(artifacts, '06-trades.png') });

    // JSON export is the stored result document.
    const download = page.waitForEvent('download');
    await page.click('[data-test="export-json"]');
    const saved = await (await download).path();
    const exported = JSON.parse(await readFile(saved!, 'utf8')) as BacktestResultJson;
    expect(exported.metrics).toHaveProperty('sharpeRatio');

    // AI insights, when stored with a result, get their own tab. `microcap analyze --backtest ID`
    // stores them; here the row is seeded through the repository in that same stored shape.
    const sample = sampleStoredInsights();
    const withInsights = await server.repos.backtests.save(exported, {
      aiInsights: {
        ...sample,
        insights: {
          ...sample.insights,
          summary: 'The crossover lags the demo index.',
          suggestedParameterChanges: [
            { parameter: 'slow', current: '30', suggested: '50', reason: 'fewer whipsaws' },
          ],
          confidence: 0.5,
        },
      },
    });
    await page.goto(`${server.url}/backtests/${withInsights}`);
    await page.click('text=AI insights');
    await page.waitForSelector(
      '[data-test="ai-insights"] >> text=The crossover lags the demo index.',
    );
    await page.waitForSelector('[data-test="ai-insights"] >> text=fewer whipsaws');
    expect((await page.textContent('[data-test="ai-insights-provenance"]'))?.trim()).toBe(
      'Confidence 50 % · local · local-analyst-1 · 2026-11-20 14:30 UTC',
    );

    // The same page in the dark theme (the choice persists across reloads).
    await page.click('[aria-label="Switch light or dark theme"]');
    await page.reload();
    await page.waitForSelector('.v-theme--dark [data-test="stats-table"]');
    await page.waitForSelector('[data-test="equity-chart"] canvas');
    await page.screenshot({ path: join(artifacts, '07-result-dark.png') });
    await page.click('[aria-label="Switch light or dark theme"]');
    // Tablet portrait: the drawer folds behind the menu button and the cards stack.
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.waitForSelector('[aria-label="Menu"]');
    await page.waitForTimeout(500); // charts redraw after a resize
    await page.screenshot({ path: join(artifacts, '07-result-tablet.png') });
    await page.click('[aria-label="Menu"]');
    await page.click('[data-test="navigation"] >> text=Backtests');
    await page.waitForSelector('[data-test="backtest-history"]');
    await page.setViewportSize({ width: 1366, height: 900 });

    // A second run on stored symbols picked in the combobox.
    await page.click('[data-test="backtest-form"] >> text=Stored symbols');
    const picker = page.locator('[data-test="symbol-picker"] input');
    await picker.fill('SYN-AEP');
    await picker.press('Enter');
    await page.click('[data-test="run-backtest"]');
    await page.waitForSelector('[data-test="job-card"][data-status="completed"]', {
      timeout: 90_000,
    });
    await page.waitForSelector('[data-test="backtest-history"] >> text=SYN-AEP');

    await page.click('[data-test="navigation"] >> text=Strategies');
    await page.click('[data-test="strategy-catalogue"] >> text=RSI oversold/overbought');
    await page.click('text=New configuration');
    const period = page.locator('[data-test="config-editor"] input[name="param-period"]');
    await period.fill('1');
    await page.waitForSelector('[data-test="config-editor"] >> text=must be at least 2');
    await page.waitForTimeout(400); // let the message transition finish before the screenshot
    const editor = await page.$('[data-test="config-editor"]');
    await editor!.screenshot({ path: join(artifacts, '08-strategy-config-form.png') });

    await page.click('[data-test="navigation"] >> text=Market data');
    await page.waitForSelector('[data-test="candle-chart"] canvas');
    await page.waitForSelector('[data-test="quality-report"] >> text=bars checked');
    await page.screenshot({ path: join(artifacts, '09-market-data.png') });

    // CSV upload: a small hand-made file becomes a stored symbol.
    const csv = ['Date,Open,High,Low,Close,Volume'];
    for (let day = 1; day <= 28; day++) {
      const price = 10 + day / 10;
      csv.push(
        `2024-02-${String(day).padStart(2, '0')},${price},${price + 0.5},${price - 0.5},${price + 0.2},${1000 * day}`,
      );
    }
    await page.setInputFiles('[data-test="csv-upload"] input[type="file"]', {
      name: 'UPLD.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv.join('\n')}\n`),
    });
    await page.click('[data-test="csv-upload"] >> text=Import');
    await page.waitForSelector('[data-test="csv-upload"] >> text=Imported 28 bars for UPLD');

    await page.click('[data-test="navigation"] >> text=Signals');
    await page.waitForSelector('[data-test="signals-table"]');
    await page.click('[data-test="navigation"] >> text=Portfolios');
    await page.fill('input[name="portfolio-name"]', 'Browser fund');
    await page.fill('input[name="portfolio-cash"]', '50000');
    await page.click('[data-test="new-portfolio"] >> text=Open');
    await page.waitForSelector('[data-test="portfolio-list"] >> text=Browser fund');
    await page.click('[data-test="navigation"] >> text=Overview');
    await page.waitForSelector('[data-test="portfolios-panel"] >> text=$50,000.00');

    await page.click('[data-test="navigation"] >> text=Audit log');
    await page.click('[data-test="verify-audit"]');
    await page.waitForSelector('[data-test="audit-verdict"] >> text=intact');

    await page.goto(`${server.url}/users`);
    await page.waitForSelector('[data-test="users-page"] >> text=viewer@example.com');
    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);

  it('keeps a viewer out of the users page and hides it from the navigation', async () => {
    const { context, page, errors } = await open({ width: 820, height: 1180 });
    await logIn(page, ROLE_EMAILS.viewer);
    const links = await page.$$eval('[data-test="navigation"] a', (a) =>
      a.map((link) => link.textContent?.trim()),
    );
    expect(links).toContain('Backtests');
    expect(links).not.toContain('Users');
    expect(links).not.toContain('Audit log');
    await page.goto(`${server.url}/users`);
    await page.waitForSelector('[data-test="forbidden"]');
    expect(await page.$('[data-test="users-page"]')).toBeNull();
    await page.screenshot({ path: join(artifacts, '10-viewer-forbidden-tablet.png') });

    // Logging out ends the session: a reload stays on the login page.
    await page.click('[data-test="logout"]');
    await page.waitForSelector('[data-test="login-form"]');
    await page.goto(`${server.url}/backtests`);
    await page.waitForSelector('[data-test="login-form"]');
    expect(page.url()).toContain('/login?next=');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
