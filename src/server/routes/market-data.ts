import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BarSeries } from '../../domain/bars.ts';
import { InputError } from '../../domain/errors.ts';
import { parseIsoDate } from '../../domain/time.ts';
import { parseCsv } from '../../market-data/csv.ts';
import { validateSeries } from '../../market-data/validation.ts';
import { normaliseSymbol } from '../../store/repositories/market-data-repository.ts';
import { isoDay } from '../fast-date.ts';
import { notFound } from '../http-errors.ts';
import { recordAudit } from '../request-context.ts';
import { VersionedCache } from '../versioned-cache.ts';

const symbolParams = z.object({ symbol: z.string().min(1).max(32) });
const dateQuery = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .optional();

const barSchema = z.object({
  time: z.string(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
});

function timeText(ms: number): string {
  return ms % 86_400_000 === 0 ? isoDay(ms) : new Date(ms).toISOString();
}

/** Bars as JSON rows (columnar storage, row-shaped API). */
function barsJson(series: BarSeries) {
  const out = new Array(series.length);
  for (let i = 0; i < series.length; i++) {
    out[i] = {
      time: timeText(series.time[i]),
      open: series.open[i],
      high: series.high[i],
      low: series.low[i],
      close: series.close[i],
      volume: series.volume[i],
    };
  }
  return out;
}

/** A number as JSON.stringify writes it (non-finite values become null). */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/**
 * The bars response written straight from the columns: the same text JSON.stringify would
 * produce for `{ symbol, bars: barsJson(series) }`, without building hundreds of objects
 * (this is the hottest read route).
 */
export function barsResponseText(symbol: string, series: BarSeries): string {
  const parts = new Array<string>(series.length);
  for (let i = 0; i < series.length; i++) {
    parts[i] =
      `{"time":"${timeText(series.time[i])}","open":${jsonNumber(series.open[i])}` +
      `,"high":${jsonNumber(series.high[i])},"low":${jsonNumber(series.low[i])}` +
      `,"close":${jsonNumber(series.close[i])},"volume":${jsonNumber(series.volume[i])}}`;
  }
  return `{"symbol":${JSON.stringify(symbol)},"bars":[${parts.join(',')}]}`;
}

/** Stored symbols, bars, latest quotes, CSV import and the validation report. */
export async function marketDataRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { repos, config, store } = base.services;
  // Bar responses by range, kept while the database is unchanged (any import invalidates them).
  // Kept as UTF-8 bytes: writing a cached string re-encodes it for the socket on every send.
  const barsBody = new VersionedCache<Buffer>(store, {
    maxEntries: 256,
    maxSize: 32 * 2 ** 20,
    sizeOf: (body) => body.length,
  });

  app.get(
    '/api/market-data/symbols',
    {
      config: { permission: 'market-data:read' },
      schema: {
        tags: ['market-data'],
        summary: 'Stored symbols with bar counts and date ranges',
        response: {
          200: z.array(
            z.object({
              symbol: z.string(),
              bars: z.number(),
              first: z.string(),
              last: z.string(),
              sources: z.array(z.string()),
            }),
          ),
        },
      },
    },
    async () =>
      (await repos.marketData.listSymbols()).map((s) => ({
        symbol: s.symbol,
        bars: s.bars,
        first: timeText(s.first),
        last: timeText(s.last),
        sources: s.sources,
      })),
  );

  app.get(
    '/api/market-data/:symbol/bars',
    {
      config: { permission: 'market-data:read' },
      schema: {
        tags: ['market-data'],
        summary: 'Bars of a symbol, oldest first, optionally between from and to (inclusive)',
        params: symbolParams,
        querystring: z.object({ from: dateQuery, to: dateQuery }),
        response: { 200: z.object({ symbol: z.string(), bars: z.array(barSchema) }) },
      },
      // The schema documents the answer; the handler writes the JSON text itself.
      serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
    },
    async (request, reply) => {
      const symbol = normaliseSymbol(request.params.symbol);
      const from =
        request.query.from === undefined ? undefined : parseIsoDate(request.query.from, 'from');
      const to = request.query.to === undefined ? undefined : parseIsoDate(request.query.to, 'to');
      if (from !== undefined && to !== undefined && from > to) {
        throw new InputError('from', request.query.from, `is after to ${request.query.to}`);
      }
      const body = await barsBody.get(`${symbol}\u0000${from ?? ''}\u0000${to ?? ''}`, async () =>
        Buffer.from(barsResponseText(symbol, await repos.marketData.getBars(symbol, from, to))),
      );
      // Pre-serialised JSON bytes: the untyped reply takes them for this JSON route.
      const untyped: FastifyReply = reply;
      return untyped.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get(
    '/api/market-data/:symbol/quote',
    {
      config: { permission: 'market-data:read' },
      schema: {
        tags: ['market-data'],
        summary: 'The latest stored bar of a symbol and its change from the bar before',
        params: symbolParams,
        response: {
          200: z.object({
            symbol: z.string(),
            bar: barSchema,
            previousClose: z.number().nullable(),
            change: z.number().nullable(),
            changePct: z.number().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const symbol = normaliseSymbol(request.params.symbol);
      const summary = (await repos.marketData.listSymbols()).find((s) => s.symbol === symbol);
      if (!summary) throw notFound(`market data for ${symbol}`);
      // The last two bars: a 10-day window before the last one is plenty for daily data.
      const series = await repos.marketData.getBars(
        symbol,
        summary.last - 10 * 86_400_000,
        summary.last,
      );
      const bars = barsJson(series);
      const bar = bars[bars.length - 1];
      const previous = bars.length > 1 ? bars[bars.length - 2].close : null;
      return {
        symbol,
        bar,
        previousClose: previous,
        change: previous === null ? null : bar.close - previous,
        changePct: previous === null ? null : bar.close / previous - 1,
      };
    },
  );

  app.post(
    '/api/market-data/import',
    {
      config: { permission: 'market-data:import' },
      bodyLimit: config.importBodyLimitBytes,
      schema: {
        tags: ['market-data'],
        summary: 'Import CSV text (Date, Open, High, Low, Close, Volume header) for a symbol',
        body: z.object({
          symbol: z.string().min(1).max(32),
          csv: z.string().min(1),
          source: z.string().min(1).max(64).optional(),
        }),
        response: {
          200: z.object({
            symbol: z.string(),
            bars: z.number(),
            inserted: z.number(),
            updated: z.number(),
            unchanged: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const symbol = normaliseSymbol(request.body.symbol);
      const series = parseCsv(request.body.csv, { source: 'csv', symbol });
      const counts = await repos.marketData.upsertBars(
        symbol,
        series,
        request.body.source ?? 'api-import',
      );
      await recordAudit(request, 'market-data.import', symbol, { bars: series.length, ...counts });
      return { symbol, bars: series.length, ...counts };
    },
  );

  app.get(
    '/api/market-data/:symbol/validation',
    {
      config: { permission: 'market-data:read' },
      schema: {
        tags: ['market-data'],
        summary: 'Data-quality report of the stored bars (NYSE calendar gaps, spikes, OHLC checks)',
        params: symbolParams,
      },
    },
    async (request) => {
      const symbol = normaliseSymbol(request.params.symbol);
      const series = await repos.marketData.requireBars(symbol);
      // Repair mode collects every issue without throwing; nothing is written back.
      const report = validateSeries(series, { mode: 'repair' });
      return {
        symbol,
        bars: series.length,
        first: timeText(series.time[0]),
        last: timeText(series.time[series.length - 1]),
        ok: report.issues.length === 0,
        issues: report.issues.map((issue) => ({
          kind: issue.kind,
          severity: issue.severity,
          time: timeText(issue.time),
          field: issue.field,
          message: issue.message,
        })),
      };
    },
  );
}
