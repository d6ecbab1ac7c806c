import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportInsightsFromStored } from '../src/report/ai-insights.ts';
import { writeHtmlReport } from '../src/report/html.ts';
import { sampleReportInput, sampleStoredInsights } from '../src/report/sample-input.ts';
import { projectRoot } from './support/shared-data.ts';
import { CHROMIUM_ARGS, chromiumAvailable, chromiumPath } from './support/chromium.ts';

const hasChromium = chromiumAvailable('report browser test');
const HOSTILE_INSIGHT =
  'edge </script><script>window.pwned=3</script><img src=x onerror="window.pwned=2">';

describe.skipIf(!hasChromium)('HTML report in Chromium', () => {
  let browser: Browser;
  let folder: string;
  let reportUrl: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'microcap-report-'));
    await mkdir(join(projectRoot, 'test-artifacts'), { recursive: true });
    const reportPath = join(folder, 'nested', 'report.html');
    // A reason that would break out of the data <script> if it were not escaped.
    // LLM text in the AI analysis section that would run if it were markup.
    await writeHtmlReport(reportPath, {
      ...sampleReportInput({
        synthetic: true,
        reason: 'cross </script><script>window.pwned=1</script>',
      }),
      aiInsights: reportInsightsFromStored(sampleStoredInsights(HOSTILE_INSIGHT)),
    });
    reportUrl = pathToFileURL(reportPath).href;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('renders offline with charts, markers and a sortable trade list', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const networkRequests: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      networkRequests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    await page.goto(reportUrl);
    await page.waitForSelector('html[data-report-ready="true"]', { timeout: 10_000 });

    const canvasSize = (selector: string) =>
      page.$eval(selector, (el) => {
        const canvas = el as unknown as { width: number; height: number };
        return { width: canvas.width, height: canvas.height };
      });
    for (const id of ['#equity-chart', '#drawdown-chart']) {
      const size = await canvasSize(id);
      expect(size.width, id).toBeGreaterThan(0);
      expect(size.height, id).toBeGreaterThan(0);
    }
    const candleCanvases = await page.$$eval('#candles-chart canvas', (list) =>
      list.map((el) => {
        const canvas = el as unknown as { width: number; height: number };
        return canvas.width * canvas.height;
      }),
    );
    expect(candleCanvases.length).toBeGreaterThan(0);
    expect(Math.max(...candleCanvases)).toBeGreaterThan(0);

    // Chart.js registered both charts; the escaped reason did not run as a script.
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as {
        Chart: { instances: Record<string, unknown> };
        pwned?: number;
      };
      return { charts: Object.keys(w.Chart.instances).length, pwned: w.pwned ?? null };
    });
    expect(state).toEqual({ charts: 2, pwned: null });
    await expect
      .poll(() => page.textContent('#trades tbody tr:first-child td:last-child'))
      .toBeTruthy();
    expect(await page.textContent('#trades')).toContain(
      'cross </script><script>window.pwned=1</script>',
    );
    // The AI analysis shows the hostile LLM text as text and made no element of it.
    expect(await page.textContent('#ai-analysis .ai-summary')).toBe(HOSTILE_INSIGHT);
    expect(await page.$$eval('#ai-analysis li', (items) => items.length)).toBe(5);
    expect(await page.$$eval('#ai-analysis img, #ai-analysis script', (els) => els.length)).toBe(0);

    await page.screenshot({
      path: join(projectRoot, 'test-artifacts', 'report-desktop.png'),
      fullPage: true,
    });

    // Sorting: the P&L column ascending puts the biggest loss first, then descending flips it.
    const pnlColumn = () =>
      page.$$eval('#trades tbody tr', (rows) =>
        rows.map((row) =>
          Number(
            (
              row as unknown as { cells: { getAttribute(n: string): string }[] }
            ).cells[8].getAttribute('data-value'),
          ),
        ),
      );
    const before = await pnlColumn();
    await page.click('#trades thead th:nth-child(9) button');
    const ascending = await pnlColumn();
    expect(ascending).not.toEqual(before);
    expect(ascending).toEqual([...before].sort((a, b) => a - b));
    expect(await page.getAttribute('#trades thead th:nth-child(9)', 'aria-sort')).toBe('ascending');
    await page.click('#trades thead th:nth-child(9) button');
    expect(await pnlColumn()).toEqual([...before].sort((a, b) => b - a));

    // The symbol selector switches the candlestick chart.
    await page.selectOption('#symbol-select', 'BOLT');
    expect(await page.inputValue('#symbol-select')).toBe('BOLT');
    // Clicking a trade row brings its symbol onto the candlestick chart.
    await page.selectOption('#symbol-select', 'ACME');
    await page.click('#trades tbody tr[data-symbol="BOLT"] td:nth-child(2)');
    expect(await page.inputValue('#symbol-select')).toBe('BOLT');
    expect(await page.$$eval('#trades tbody tr.selected', (rows) => rows.length)).toBe(1);

    expect(consoleErrors).toEqual([]);
    expect(networkRequests).toEqual([]);
    await context.close();
  });

  it('reads well at tablet width', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(reportUrl);
    await page.waitForSelector('html[data-report-ready="true"]', { timeout: 10_000 });
    // Nothing but the trade table (which scrolls inside its own box) may be wider than the page.
    const overflow = await page.$eval('html', (el) => {
      const root = el as unknown as { scrollWidth: number; clientWidth: number };
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: join(projectRoot, 'test-artifacts', 'report-tablet.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
