import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { toIsoDate } from '../../domain/time.ts';
import { registerDataFetchCommand } from '../../market-data/fetch-command.ts';
import { validateSeries } from '../../market-data/validation.ts';
import { DEFAULT_IMPORT_SOURCE, importCsvFiles } from '../../market-data/ingest.ts';
import type { ImportResult } from '../../market-data/ingest.ts';
import { MarketDataRepository } from '../../store/repositories/market-data-repository.ts';
import { withStore } from '../../store/with-store.ts';
import { writeJson, writeOut } from '../output.ts';

/** The `data list --json` entry (docs/architecture.md): first/last as YYYY-MM-DD. */
export interface SymbolListEntry {
  readonly symbol: string;
  readonly bars: number;
  readonly first: string;
  readonly last: string;
  readonly sources: string[];
}

function parseBatchSize(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new InputError('--batch-size', text, 'expected a whole number of rows, at least 1');
  }
  return value;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function importText(results: readonly ImportResult[]): string {
  const rows = [['FILE', 'SYMBOL', 'BARS', 'INSERTED', 'UPDATED', 'UNCHANGED']];
  for (const r of results) {
    rows.push([r.file, r.symbol, r.bars, r.inserted, r.updated, r.unchanged].map(String));
  }
  return table(rows) + '\n';
}

/** `data validate --json`: the stored series' span and every issue found. */
interface ValidationReport {
  readonly symbol: string;
  readonly bars: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly ok: boolean;
  readonly issues: readonly {
    kind: string;
    severity: 'error' | 'warning';
    time: string;
    field: string;
    message: string;
  }[];
}

function reportText(report: ValidationReport): string {
  const head = `${report.symbol}: ${report.bars} bars, ${report.first} .. ${report.last}: `;
  if (report.ok) return head + 'ok\n';
  const lines = report.issues.map(
    (issue) => `  ${issue.time}  ${issue.severity} ${issue.kind}: ${issue.message}`,
  );
  return `${head}${report.issues.length} issue(s)\n${lines.join('\n')}\n`;
}

export function registerDataCommand(program: Command): void {
  const data = program
    .command('data')
    .description('Market data in the database (chosen by DATABASE_URL, default SQLite)');

  data
    .command('import')
    .description(
      'Import CSV files (Date,Open,High,Low,Close[,Adj Close],Volume) into the database. ' +
        'Every file is checked before anything is written; bars are upserted in batched ' +
        'transactions, so re-importing a file changes nothing.',
    )
    .argument(
      '<files...>',
      'CSV files; the symbol defaults to the file name (orcl-2014.txt -> ORCL)',
    )
    .option('--symbol <symbol>', 'store every file under this symbol')
    .option('--source <name>', 'source recorded on each bar', DEFAULT_IMPORT_SOURCE)
    .option('--batch-size <rows>', 'rows per transaction', '5000')
    .option(
      '--json',
      'print one { file, symbol, source, bars, inserted, updated, unchanged } per file',
    )
    .action(
      async (
        files: string[],
        options: { symbol?: string; source: string; batchSize: string; json?: boolean },
      ) => {
        const batchSize = parseBatchSize(options.batchSize);
        const results = await withStore((store) =>
          importCsvFiles(store, files, {
            symbol: options.symbol,
            source: options.source,
            batchSize,
          }),
        );
        if (options.json) await writeJson(results);
        else await writeOut(importText(results));
      },
    );

  data
    .command('list')
    .description('List stored symbols with bar counts, date range and sources')
    .option('--json', 'print an array of { symbol, bars, first, last, sources }')
    .action(async (options: { json?: boolean }) => {
      const summaries = await withStore((store) => new MarketDataRepository(store).listSymbols());
      const entries: SymbolListEntry[] = summaries.map((s) => ({
        symbol: s.symbol,
        bars: s.bars,
        first: toIsoDate(s.first),
        last: toIsoDate(s.last),
        sources: s.sources,
      }));
      if (options.json) {
        await writeJson(entries);
        return;
      }
      if (entries.length === 0) {
        await writeOut('No market data stored yet. Try: microcap data import FILE\n');
        return;
      }
      const rows = [['SYMBOL', 'BARS', 'FIRST', 'LAST', 'SOURCES']];
      for (const e of entries) {
        rows.push([e.symbol, String(e.bars), e.first, e.last, e.sources.join(',')]);
      }
      await writeOut(table(rows) + '\n');
    });

  data
    .command('validate')
    .description(
      'Check the stored bars of a symbol: ordering, duplicates, OHLC consistency, non-positive ' +
        'values, gaps against the NYSE calendar, suspicious jumps and unadjusted splits. ' +
        'Exits 1 when issues are found.',
    )
    .argument('<symbol>', 'a stored symbol (see data list)')
    .option(
      '--json',
      'print { symbol, bars, first, last, ok, issues: [ { kind, severity, time, field, message } ] }',
    )
    .action(async (symbol: string, options: { json?: boolean }) => {
      const series = await withStore((store) =>
        new MarketDataRepository(store).requireBars(symbol),
      );
      // Repair mode collects every issue (against the NYSE calendar) without throwing;
      // nothing is written back.
      const result = validateSeries(series, { mode: 'repair' });
      const report: ValidationReport = {
        symbol: series.symbol,
        bars: series.length,
        first: series.length > 0 ? toIsoDate(series.time[0]) : null,
        last: series.length > 0 ? toIsoDate(series.time[series.length - 1]) : null,
        ok: result.issues.length === 0,
        issues: result.issues.map((issue) => ({
          kind: issue.kind,
          severity: issue.severity,
          time: toIsoDate(issue.time),
          field: issue.field,
          message: issue.message,
        })),
      };
      if (options.json) await writeJson(report);
      else await writeOut(reportText(report));
      if (!report.ok) process.exitCode = 1;
    });

  registerDataFetchCommand(data);
}
