import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleStoredInsights } from '../../src/report/sample-input.ts';
import { BacktestResultRepository } from '../../src/store/repositories/backtest-result-repository.ts';
import { startTestServer, userWithRole } from './support/harness.ts';
import type { LoggedIn, TestServer } from './support/harness.ts';

let server: TestServer;
let analyst: LoggedIn;
let baseUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  analyst = await userWithRole(server, 'analyst');
  baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => server?.close());

interface SseEvent {
  event: string;
  data: {
    type: string;
    job?: { id: string; status: string; progress: number };
    payload?: Record<string, unknown>;
  };
}

/** Reads server-sent events until `stop` says so (or the stream ends). */
async function readEvents(
  response: Response,
  stop: (event: SseEvent, all: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (!name || !data) continue;
      const event = { event: name, data: JSON.parse(data) } as SseEvent;
      events.push(event);
      if (stop(event, events)) {
        await reader.cancel();
        return events;
      }
    }
  }
}

describe('backtests through the API', () => {
  it('runs a demo backtest as a job, streams its progress and serves the stored result', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${baseUrl}/api/events`, {
      headers: analyst.auth,
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // A hijacked reply still carries the security headers and the request id.
    expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
    expect(stream.headers.get('x-request-id')).toMatch(/\S/);
    // The handler announces BacktestCompleted just before the queue marks the job completed.
    const collected = readEvents(
      stream,
      (_e, all) =>
        all.some((e) => e.data.type === 'BacktestCompleted') &&
        all.some((e) => e.event === 'job' && e.data.type === 'completed'),
    );

    const submit = await fetch(`${baseUrl}/api/backtests`, {
      method: 'POST',
      headers: { ...analyst.auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        strategy: 'rsi',
        params: { period: 14 },
        data: { kind: 'demo', seed: 7 },
        cash: 25_000,
      }),
    });
    expect(submit.status).toBe(202);
    const { jobId } = (await submit.json()) as { jobId: string };

    const events = await collected;
    controller.abort();
    const jobEvents = events.filter((e) => e.event === 'job' && e.data.job?.id === jobId);
    const types = jobEvents.map((e) => e.data.type);
    expect(types[0]).toBe('queued');
    expect(types).toContain('progress');
    expect(types).toContain('completed');
    const completed = events.find((e) => e.data.type === 'BacktestCompleted')!;
    expect(completed.data.payload).toMatchObject({
      jobId,
      userId: analyst.userId,
      strategy: 'rsi',
    });

    const job = await fetch(`${baseUrl}/api/jobs/${jobId}`, { headers: analyst.auth });
    const record = (await job.json()) as { status: string; result: { backtestId: string } };
    expect(record.status).toBe('completed');
    const id = record.result.backtestId;
    expect(completed.data.payload!.backtestId).toBe(id);

    const result = await fetch(`${baseUrl}/api/backtests/${id}`, { headers: analyst.auth });
    expect(result.status).toBe(200);
    const body = (await result.json()) as {
      ownerId: string;
      result: {
        strategy: string;
        initialCapital: number;
        metrics: Record<string, number>;
        equity: unknown[];
        trades: unknown[];
      };
    };
    expect(body.ownerId).toBe(analyst.userId);
    expect(body.result.strategy).toBe('rsi');
    expect(body.result.initialCapital).toBe(25_000);
    expect(body.result.equity.length).toBeGreaterThan(100);
    expect(typeof body.result.metrics.sharpeRatio).toBe('number');

    // The stored result renders as the self-contained HTML report, with its demo bars.
    const report = await fetch(`${baseUrl}/api/backtests/${id}/report`, { headers: analyst.auth });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/html/);
    expect(report.headers.get('content-security-policy')).toContain("script-src 'unsafe-inline'");
    const html = await report.text();
    expect(html).toContain('SYNTHETIC');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    const embedded = JSON.parse(
      /<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1],
    ) as { bars: { symbol: string }[] };
    expect(embedded.bars.length).toBeGreaterThan(0);
    expect(embedded.bars[0].symbol).toMatch(/^SYN-/);
    expect(html).not.toContain('id="ai-analysis"');

    // Once an evaluation is stored with the run, the report shows it, LLM text escaped.
    const stored = sampleStoredInsights();
    const hostile = 'Thin edge </script><img src=x onerror="alert(1)">';
    await new BacktestResultRepository(server.store).setAiInsights(id, {
      ...stored,
      insights: { ...stored.insights, summary: hostile },
    });
    const analysed = await fetch(`${baseUrl}/api/backtests/${id}/report`, {
      headers: analyst.auth,
    });
    expect(analysed.status).toBe(200);
    const analysedHtml = await analysed.text();
    expect(analysedHtml).toContain('<h2>AI analysis</h2>');
    expect(analysedHtml).toContain('not investment advice');
    expect(analysedHtml).toContain('Written by <strong>local</strong> (model local-analyst-1)');
    expect(analysedHtml).toContain('<li>Only five trades.</li>');
    expect(analysedHtml).toContain(
      '<p class="ai-summary">Thin edge &lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>',
    );
    expect(analysedHtml).not.toContain('<img');
    expect(analysedHtml.match(/<\/script/gi)?.length).toBe(html.match(/<\/script/gi)?.length);

    const list = await fetch(`${baseUrl}/api/backtests`, { headers: analyst.auth });
    expect(((await list.json()) as { id: string }[]).map((r) => r.id)).toContain(id);

    // A stream for a finished job sends its snapshot and ends.
    const replay = await fetch(`${baseUrl}/api/events?jobId=${jobId}`, { headers: analyst.auth });
    const replayed = await readEvents(replay, () => false);
    expect(replayed.map((e) => e.data.job?.status)).toEqual(['completed']);

    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/microcap_backtests_total\{status="completed"\} [1-9]/);
  });

  it('rejects bad requests at submission, naming the field, and never reads server files', async () => {
    const cases: [unknown, RegExp][] = [
      [{ strategy: 'no-such', data: { kind: 'demo' } }, /strategy/],
      [{ strategy: 'rsi', params: { period: 0 }, data: { kind: 'demo' } }, /period/],
      [{ strategy: 'rsi', data: { kind: 'files', paths: ['/etc/passwd'] } }, /data/],
      [{ strategy: 'rsi', data: { kind: 'demo' }, benchmark: '../../etc/passwd' }, /benchmark/],
      [{ strategy: 'rsi', data: { kind: 'demo' }, from: '2020-13-45' }, /from/],
      [{ strategy: 'rsi', data: { kind: 'demo' }, sizing: 'percent:500' }, /sizing|percent/],
    ];
    for (const [payload, field] of cases) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/backtests',
        headers: analyst.auth,
        payload: payload as object,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ message: string }>().message, JSON.stringify(payload)).toMatch(field);
    }
  });

  it('answers schema errors naming the field and the value sent, never echoing a secret', async () => {
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/backtests?limit=100000',
      headers: analyst.auth,
    });
    expect(list.statusCode).toBe(400);
    expect(list.json<{ message: string; field: string }>()).toMatchObject({
      field: 'querystring.limit',
      message: expect.stringMatching(/^querystring\.limit: .*\(got "100000"\)$/),
    });
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'someone@example.com', password: 987654321 },
    });
    expect(login.statusCode).toBe(400);
    const refused = login.json<{ message: string; field: string }>();
    expect(refused.field).toBe('body.password');
    expect(refused.message).not.toContain('987654321');
    expect(refused.message).not.toContain('got');
  });

  it('runs on stored symbols imported through the API', async () => {
    const rows = ['Date,Open,High,Low,Close,Volume'];
    let price = 10;
    const day = Date.UTC(2023, 0, 2);
    for (let i = 0; i < 300; i++) {
      const date = new Date(day + i * 86_400_000);
      if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
      price *= 1 + Math.sin(i / 9) * 0.02;
      rows.push(
        `${date.toISOString().slice(0, 10)},${price},${price * 1.01},${price * 0.99},${price},${1000 + i}`,
      );
    }
    const imported = await server.app.inject({
      method: 'POST',
      url: '/api/market-data/import',
      headers: analyst.auth,
      payload: { symbol: 'wave', csv: rows.join('\n') },
    });
    expect(imported.statusCode, imported.body).toBe(200);

    expect(imported.json()).toMatchObject({ symbol: 'WAVE', inserted: rows.length - 1 });
    const bars = await server.app.inject({
      method: 'GET',
      url: '/api/market-data/WAVE/bars?from=2023-02-01&to=2023-02-28',
      headers: analyst.auth,
    });
    const barList = bars.json<{ bars: { time: string }[] }>().bars;
    expect(barList.length).toBe(20);
    expect(barList[0].time).toBe('2023-02-01');
    const quote = await server.app.inject({
      method: 'GET',
      url: '/api/market-data/wave/quote',
      headers: analyst.auth,
    });
    expect(quote.json<{ previousClose: number }>().previousClose).toBeGreaterThan(0);
    const validation = await server.app.inject({
      method: 'GET',
      url: '/api/market-data/WAVE/validation',
      headers: analyst.auth,
    });
    const report = validation.json<{ bars: number; ok: boolean; issues: { kind: string }[] }>();
    expect(report.bars, validation.body).toBe(rows.length - 1);
    // 2023-01-02 and 2023-01-16 are NYSE holidays: reported, not fatal.
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => i.kind)).toContain('non-trading-day');
    const symbols = await server.app.inject({
      method: 'GET',
      url: '/api/market-data/symbols',
      headers: analyst.auth,
    });
    expect(symbols.json<{ symbol: string }[]>().map((s) => s.symbol)).toContain('WAVE');

    const submit = await server.app.inject({
      method: 'POST',
      url: '/api/backtests',
      headers: analyst.auth,
      payload: {
        strategy: 'ma-crossover',
        params: { fast: 5, slow: 20 },
        data: { kind: 'symbols', symbols: ['WAVE'] },
      },
    });
    expect(submit.statusCode).toBe(202);
    await server.queue.whenIdle();
    const job = await server.app.inject({
      method: 'GET',
      url: `/api/jobs/${submit.json<{ jobId: string }>().jobId}`,
      headers: analyst.auth,
    });
    expect(job.json<{ status: string; error: string | null }>()).toMatchObject({
      status: 'completed',
      error: null,
    });
    const badCsv = await server.app.inject({
      method: 'POST',
      url: '/api/market-data/import',
      headers: analyst.auth,
      payload: { symbol: 'BAD', csv: 'Date,Open,High,Low,Close,Volume\n2023-01-02,1,2,0.5,abc,10' },
    });
    expect(badCsv.statusCode).toBe(400);
  });
});
