import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BarSeries } from '../domain/bars.ts';
import { InputError } from '../domain/errors.ts';
import { parseCsvClock, parseCsvTimestamp } from './csv-datetime.ts';
import { parseCsvNumber } from './csv-number.ts';

/**
 * CSV import and export of OHLCV bars.
 *
 * Reading: the header row decides the columns (case-insensitive; spaces, `_` and `-` ignored, so
 * `Adj Close`, `adj_close` and `AdjClose` are one column). Required: Date (or Datetime /
 * Timestamp), Open, High, Low, Close, Volume; optional: Adj Close and a separate Time column
 * (combined with Date, as in backtrader's intraday files). Other columns are ignored. Dates are
 * ISO (`YYYY-MM-DD`, optionally with `THH:MM[:SS[.fff]]` and a zone); times without a zone are
 * UTC. A UTF-8 BOM, CRLF line endings, blank lines and fields in double quotes are accepted.
 *
 * Every problem throws an InputError naming file, line and column, for example
 * `orcl.csv line 17, column Close: not a number (got "abc")`. Checked: missing header column,
 * too few or too many fields, bad date or time, text in a number, price <= 0, volume < 0,
 * high < low, open or close outside [low, high], duplicate and unsorted times, empty file,
 * header without rows. Yahoo's `null` rows are errors too: we never guess a missing price.
 */

export type DuplicateTimePolicy = 'error' | 'merge';

export interface CsvParseOptions {
  /** Name for error messages, usually the file name (`orcl.csv`). */
  readonly source: string;
  /** Symbol of the series; defaults to symbolFromFileName(source). */
  readonly symbol?: string;
  /**
   * Two rows with the same time: `error` (default) or `merge` them into one bar (first open,
   * highest high, lowest low, last close, summed volume), for tick files such as ticksample.csv.
   */
  readonly duplicates?: DuplicateTimePolicy;
}

export interface CsvLoadOptions {
  readonly symbol?: string;
  readonly duplicates?: DuplicateTimePolicy;
}

const DAY_MS = 86_400_000;

type Role =
  'date' | 'datetime' | 'clock' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume';

/** Normalised header name -> role. */
const HEADER_ROLES: Readonly<Record<string, Role>> = {
  date: 'date',
  datetime: 'datetime',
  timestamp: 'datetime',
  time: 'clock',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  adjclose: 'adjClose',
  adjustedclose: 'adjClose',
  volume: 'volume',
};

const REQUIRED_PRICES = [
  ['open', 'Open'],
  ['high', 'High'],
  ['low', 'Low'],
  ['close', 'Close'],
  ['volume', 'Volume'],
] as const;

interface Layout {
  /** Column index of the date or full timestamp. */
  readonly time: number;
  /** Column index of a separate time of day, or -1. */
  readonly clock: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly adjClose: number;
  readonly names: readonly string[];
}

/**
 * The symbol a file stands for: its name without the last extension, upper-cased; when that
 * stem looks like `name-years` (a letter first, then `-` or `_` and four digits, as in
 * `orcl-1995-2014.txt` or `nvda_2014.csv`) only the name part: ORCL, NVDA. Otherwise the whole
 * stem: `SYN-ABCD.csv` -> SYN-ABCD, `2006-day-001.txt` -> 2006-DAY-001.
 */
export function symbolFromFileName(fileName: string): string {
  const name = basename(fileName);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const match = /^([A-Za-z][A-Za-z0-9.^]*?)[-_]\d{4}(?:\D|$)/.exec(stem);
  return (match ? match[1] : stem).toUpperCase();
}

function normaliseHeader(name: string): string {
  return unquote(name)
    .toLowerCase()
    .replace(/[\s_-]/g, '');
}

function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).replaceAll('""', '"')
    : trimmed;
}

/** Splits one line on commas; fields in double quotes may contain commas and `""`. */
function splitQuoted(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}

function readLayout(header: string[], headerLine: string, where: string): Layout {
  const found: Partial<Record<Role, number>> = {};
  const names = header.map((h) => unquote(h));
  for (let i = 0; i < header.length; i++) {
    const role = HEADER_ROLES[normaliseHeader(header[i])];
    if (role === undefined) continue;
    if (found[role] !== undefined) {
      throw new InputError(
        `${where}, column ${names[i]}`,
        headerLine,
        'appears twice in the header',
      );
    }
    found[role] = i;
  }
  // A lone Time column holds full timestamps; beside a Date column it is the time of day.
  let time = found.date ?? found.datetime;
  let clock = found.date !== undefined ? (found.clock ?? -1) : -1;
  if (time === undefined && found.clock !== undefined) {
    time = found.clock;
    clock = -1;
  }
  if (time === undefined) {
    throw new InputError(`${where}, column Date`, headerLine, 'missing from the header');
  }
  for (const [role, label] of REQUIRED_PRICES) {
    if (found[role] === undefined) {
      throw new InputError(`${where}, column ${label}`, headerLine, 'missing from the header');
    }
  }
  return {
    time,
    clock,
    open: found.open!,
    high: found.high!,
    low: found.low!,
    close: found.close!,
    volume: found.volume!,
    adjClose: found.adjClose ?? -1,
    names,
  };
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Parses CSV text into a BarSeries; see the module comment for the accepted format. */
export function parseCsv(text: string, options: CsvParseOptions): BarSeries {
  const source = options.source;
  const symbol = options.symbol ?? symbolFromFileName(source);
  if (symbol.trim() === '') throw new InputError('symbol', symbol, 'must not be empty');
  const merge = (options.duplicates ?? 'error') === 'merge';
  const hasQuotes = text.includes('"');
  const length = text.length;

  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  let layout: Layout | undefined;
  let width = 0;
  // Field i of the current row is row.slice(starts[i], ends[i]); fields are parsed in place.
  let starts = new Int32Array(0);
  let ends = new Int32Array(0);

  const capacity = countLines(text);
  const time = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  let adjClose: Float64Array | null = null;
  let count = 0;
  let previousLine = 0;

  while (pos < length) {
    let next = text.indexOf('\n', pos);
    if (next === -1) next = length;
    let end = next;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    lineNo++;
    const lineStart = pos;
    pos = next + 1;
    if (end === lineStart || isBlank(text, lineStart, end)) continue;

    if (layout === undefined) {
      const line = text.slice(lineStart, end);
      const header = hasQuotes ? splitQuoted(line) : line.split(',');
      layout = readLayout(header, line, `${source} line ${lineNo}`);
      width = header.length;
      starts = new Int32Array(width);
      ends = new Int32Array(width);
      if (layout.adjClose >= 0) adjClose = new Float64Array(capacity);
      continue;
    }

    let row = text;
    let found = 0;
    if (hasQuotes && text.slice(lineStart, end).includes('"')) {
      // Slow path: unquote, then lay the fields out in a private string.
      const parts = splitQuoted(text.slice(lineStart, end));
      row = parts.join('\u001f');
      let at = 0;
      for (const part of parts) {
        if (found < width) {
          starts[found] = at;
          ends[found] = at + part.length;
        }
        at += part.length + 1;
        found++;
      }
    } else {
      let from = lineStart;
      for (;;) {
        let comma = text.indexOf(',', from);
        if (comma >= end) comma = -1;
        const stop = comma === -1 ? end : comma;
        if (found < width) {
          starts[found] = from;
          ends[found] = stop;
        }
        found++;
        if (comma === -1) break;
        from = comma + 1;
      }
    }
    if (found !== width)
      throw fieldCountError(text, lineStart, end, lineNo, found, width, layout, source);

    const L = layout;
    let t = parseCsvTimestamp(row, starts[L.time], ends[L.time]);
    if (typeof t === 'string') throw fieldError(row, starts, ends, L.time, t, L, source, lineNo);
    if (L.clock >= 0) {
      const clock = parseCsvClock(row, starts[L.clock], ends[L.clock]);
      if (typeof clock === 'string') {
        throw fieldError(row, starts, ends, L.clock, clock, L, source, lineNo);
      }
      t += clock;
    }

    const o = parseCsvNumber(row, starts[L.open], ends[L.open]);
    const h = parseCsvNumber(row, starts[L.high], ends[L.high]);
    const l = parseCsvNumber(row, starts[L.low], ends[L.low]);
    const c = parseCsvNumber(row, starts[L.close], ends[L.close]);
    const a = L.adjClose >= 0 ? parseCsvNumber(row, starts[L.adjClose], ends[L.adjClose]) : 1;
    const v = parseCsvNumber(row, starts[L.volume], ends[L.volume]);
    // One combined test keeps the common (valid) row fast; the slow path finds the culprit.
    // NaN fails every comparison, so `!(x > 0)` also catches text in a number.
    if (
      !(o > 0 && h > 0 && l > 0 && c > 0 && a > 0 && v >= 0) ||
      h < l ||
      o < l ||
      o > h ||
      c < l ||
      c > h
    ) {
      throw rowValueError(row, starts, ends, L, source, lineNo, [o, h, l, c, a, v]);
    }

    if (count > 0) {
      const last = time[count - 1];
      if (t === last && merge) {
        const i = count - 1;
        if (h > high[i]) high[i] = h;
        if (l < low[i]) low[i] = l;
        close[i] = c;
        volume[i] += v;
        if (adjClose) adjClose[i] = a;
        continue;
      }
      if (t <= last) {
        throw orderError(row, starts, ends, L, source, lineNo, previousLine, last, t === last);
      }
    }
    time[count] = t;
    open[count] = o;
    high[count] = h;
    low[count] = l;
    close[count] = c;
    volume[count] = v;
    if (adjClose) adjClose[count] = a;
    count++;
    previousLine = lineNo;
  }

  if (layout === undefined) throw new InputError(`${source} line 1`, '', 'the file is empty');
  if (count === 0) {
    throw new InputError(
      `${source} line ${lineNo + 1}`,
      undefined,
      'no data rows after the header',
    );
  }
  const fit = (column: Float64Array): Float64Array =>
    count === capacity ? column : column.slice(0, count);
  return {
    symbol,
    length: count,
    time: fit(time),
    open: fit(open),
    high: fit(high),
    low: fit(low),
    close: fit(close),
    volume: fit(volume),
    adjClose: adjClose ? fit(adjClose) : null,
  };
}

// Error builders: only reached on bad input, so they may slice and allocate freely.

function field(row: string, starts: Int32Array, ends: Int32Array, index: number): string {
  return row.slice(starts[index], ends[index]);
}

function fieldError(
  row: string,
  starts: Int32Array,
  ends: Int32Array,
  index: number,
  problem: string,
  layout: Layout,
  source: string,
  lineNo: number,
): InputError {
  return new InputError(
    `${source} line ${lineNo}, column ${layout.names[index]}`,
    field(row, starts, ends, index),
    problem,
  );
}

function fieldCountError(
  text: string,
  lineStart: number,
  end: number,
  lineNo: number,
  found: number,
  width: number,
  layout: Layout,
  source: string,
): InputError {
  const line = text.slice(lineStart, end);
  if (found < width) {
    return new InputError(
      `${source} line ${lineNo}, column ${layout.names[found]}`,
      line,
      `missing (the row has ${found} fields, the header ${width})`,
    );
  }
  return new InputError(
    `${source} line ${lineNo}`,
    line,
    `the row has ${found} fields but the header has ${width}`,
  );
}

function rowValueError(
  row: string,
  starts: Int32Array,
  ends: Int32Array,
  L: Layout,
  source: string,
  lineNo: number,
  values: readonly number[],
): InputError {
  const [o, h, l, c, a, v] = values;
  const fail = (index: number, problem: string): InputError =>
    fieldError(row, starts, ends, index, problem, L, source, lineNo);
  const prices: ReadonlyArray<readonly [number, number]> = [
    [L.open, o],
    [L.high, h],
    [L.low, l],
    [L.close, c],
    [L.adjClose, a],
  ];
  for (const [index, value] of prices) {
    if (index >= 0 && Number.isNaN(value)) return fail(index, 'not a number');
  }
  if (Number.isNaN(v)) return fail(L.volume, 'not a number');
  for (const [index, value] of prices) {
    if (index >= 0 && !(value > 0)) return fail(index, 'price must be positive');
  }
  if (v < 0) return fail(L.volume, 'must not be negative');
  if (h < l) return fail(L.high, `below Low (${l})`);
  const range = `outside the bar's range [Low ${l}, High ${h}]`;
  if (o < l || o > h) return fail(L.open, range);
  return fail(L.close, range);
}

function orderError(
  row: string,
  starts: Int32Array,
  ends: Int32Array,
  L: Layout,
  source: string,
  lineNo: number,
  previousLine: number,
  previousTime: number,
  duplicate: boolean,
): InputError {
  const dateText = field(row, starts, ends, L.time).trim();
  const shown = L.clock >= 0 ? `${dateText} ${field(row, starts, ends, L.clock).trim()}` : dateText;
  const iso = new Date(previousTime).toISOString();
  const previous = previousTime % DAY_MS === 0 ? iso.slice(0, 10) : iso;
  return new InputError(
    `${source} line ${lineNo}, column ${L.names[L.time]}`,
    shown,
    duplicate
      ? `same time as line ${previousLine}`
      : `earlier than line ${previousLine} (${previous})`,
  );
}

/** Reads one CSV file; the symbol defaults to symbolFromFileName(path). */
export async function loadCsvFile(path: string, options: CsvLoadOptions = {}): Promise<BarSeries> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    const problem = code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`;
    throw new InputError('file', path, problem);
  }
  return parseCsv(text, {
    source: basename(path),
    symbol: options.symbol,
    duplicates: options.duplicates,
  });
}

/**
 * Reads several files (in parallel), keeping the given order. Two files that resolve to the
 * same symbol are an error: a backtest could not tell their bars apart.
 */
export async function loadCsvFiles(
  paths: readonly string[],
  options: Omit<CsvLoadOptions, 'symbol'> = {},
): Promise<BarSeries[]> {
  const series = await Promise.all(paths.map((path) => loadCsvFile(path, options)));
  const seen = new Map<string, string>();
  series.forEach((s, i) => {
    const earlier = seen.get(s.symbol);
    if (earlier !== undefined) {
      throw new InputError(
        'file',
        paths[i],
        `symbol ${s.symbol} is already loaded from ${earlier}`,
      );
    }
    seen.set(s.symbol, paths[i]);
  });
  return series;
}

/**
 * Writes a series in Yahoo's format: `Date,Open,High,Low,Close,Adj Close,Volume`. Daily series
 * (every time at UTC midnight) get `YYYY-MM-DD`, others a full ISO time. Numbers are written in
 * JavaScript's shortest round-trip form, so parseCsv(seriesToCsv(s)) gives back s exactly
 * (Adj Close is the close when the series has none).
 */
export function seriesToCsv(series: BarSeries): string {
  let daily = true;
  for (let i = 0; i < series.length; i++) {
    if (series.time[i] % DAY_MS !== 0) {
      daily = false;
      break;
    }
  }
  const adj = series.adjClose ?? series.close;
  const lines = new Array<string>(series.length + 1);
  lines[0] = 'Date,Open,High,Low,Close,Adj Close,Volume';
  for (let i = 0; i < series.length; i++) {
    const iso = new Date(series.time[i]).toISOString();
    lines[i + 1] =
      `${daily ? iso.slice(0, 10) : iso},${series.open[i]},${series.high[i]},${series.low[i]},` +
      `${series.close[i]},${adj[i]},${series.volume[i]}`;
  }
  return lines.join('\n') + '\n';
}
