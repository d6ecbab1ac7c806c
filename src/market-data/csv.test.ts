import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { toIsoDate } from '../domain/time.ts';
import { projectRoot, sharedDataPath } from '../../test/support/shared-data.ts';
import { loadCsvFile, loadCsvFiles, parseCsv, seriesToCsv, symbolFromFileName } from './csv.ts';

const fixture = (name: string): string => join(projectRoot, 'test', 'fixtures', 'csv', name);

async function loadError(name: string): Promise<InputError> {
  try {
    await loadCsvFile(fixture(name));
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${name} loaded without an error`);
}

describe('parseCsv on good files', () => {
  it('reads a Yahoo-format file into columns', async () => {
    const series = await loadCsvFile(fixture('good.csv'));
    expect(series.symbol).toBe('GOOD');
    expect(series.length).toBe(3);
    expect(Array.from(series.time, toIsoDate)).toEqual(['2014-01-02', '2014-01-03', '2014-01-06']);
    expect(Array.from(series.open)).toEqual([10, 10.2, 10.4]);
    expect(Array.from(series.high)).toEqual([10.5, 10.6, 10.9]);
    expect(Array.from(series.low)).toEqual([9.8, 10, 10.3]);
    expect(Array.from(series.close)).toEqual([10.2, 10.4, 10.8]);
    expect(Array.from(series.adjClose ?? [])).toEqual([10.1, 10.3, 10.7]);
    expect(Array.from(series.volume)).toEqual([1000, 1200, 900]);
    expect(series.time[0]).toBe(Date.UTC(2014, 0, 2));
  });

  it.each(['good-bom.csv', 'good-crlf.csv', 'good-trailing-blank.csv'])(
    '%s gives the same bars as good.csv',
    async (name) => {
      const reference = await loadCsvFile(fixture('good.csv'));
      const series = await loadCsvFile(fixture(name), { symbol: 'GOOD' });
      expect(series).toEqual(reference);
    },
  );

  it('matches columns case-insensitively, ignores extra columns, adjClose null without Adj Close', async () => {
    const series = await loadCsvFile(fixture('good-lowercase-no-adj.csv'));
    expect(series.length).toBe(2);
    expect(series.adjClose).toBeNull();
    expect(Array.from(series.close)).toEqual([10.5, 10.8]);
    expect(Array.from(series.volume)).toEqual([100, 0]);
  });

  it('accepts fields in double quotes, with commas inside ignored columns', async () => {
    const series = await loadCsvFile(fixture('good-quoted.csv'), { symbol: 'ACME' });
    expect(series.symbol).toBe('ACME');
    expect(Array.from(series.time, toIsoDate)).toEqual(['2014-01-02', '2014-01-03']);
    expect(Array.from(series.open)).toEqual([10, 10.5]);
  });

  it('combines a separate Time column with Date, as UTC', () => {
    const text =
      'Date,Time,Open,High,Low,Close,Volume\n2006-01-02,09:05:00,10,11,9,10,0\n2006-01-02,09:10,10,11,9,10,5\n';
    const series = parseCsv(text, { source: 'intraday.txt' });
    expect(Array.from(series.time)).toEqual([
      Date.UTC(2006, 0, 2, 9, 5),
      Date.UTC(2006, 0, 2, 9, 10),
    ]);
  });

  it('reads ISO date-times with milliseconds and zones', () => {
    const text = [
      'Datetime,Open,High,Low,Close,Volume',
      '2015-09-23T20:57:42.146,1,1,1,1,1',
      '2015-09-23 21:57:43Z,1,1,1,1,1',
      '2015-09-23T23:57:44+02:00,1,1,1,1,1',
    ].join('\n');
    const series = parseCsv(text, { source: 'ticks.csv' });
    expect(Array.from(series.time)).toEqual([
      Date.UTC(2015, 8, 23, 20, 57, 42, 146),
      Date.UTC(2015, 8, 23, 21, 57, 43),
      Date.UTC(2015, 8, 23, 21, 57, 44),
    ]);
  });

  it('merges rows with the same time only when asked', () => {
    const text =
      'Datetime,Open,High,Low,Close,Volume\n2015-01-01T10:00:00,5,5,5,5,10\n2015-01-01T10:00:00,6,6,6,6,1\n2015-01-01T10:00:01,4,4,4,4,2\n';
    expect(() => parseCsv(text, { source: 't.csv' })).toThrow(
      't.csv line 3, column Datetime: same time as line 2 (got "2015-01-01T10:00:00")',
    );
    const merged = parseCsv(text, { source: 't.csv', duplicates: 'merge' });
    expect(merged.length).toBe(2);
    expect([merged.open[0], merged.high[0], merged.low[0], merged.close[0]]).toEqual([5, 6, 5, 6]);
    expect(merged.volume[0]).toBe(11);
  });

  it('round-trips through seriesToCsv exactly, in Yahoo format', async () => {
    const original = await loadCsvFile(sharedDataPath('orcl-2014.txt'));
    const text = seriesToCsv(original);
    expect(text.split('\n')[0]).toBe('Date,Open,High,Low,Close,Adj Close,Volume');
    expect(text.split('\n')[1]).toBe(
      '2014-01-02,37.779999,38.029999,37.549999,37.84,35.166069,18162100',
    );
    expect(parseCsv(text, { source: 'orcl.csv' })).toEqual(original);
  });

  it('writes full ISO times for intraday series', () => {
    const text = 'Date,Time,Open,High,Low,Close,Volume\n2006-01-02,09:05:00,10,11,9,10,0\n';
    const written = seriesToCsv(parseCsv(text, { source: 'm.txt' }));
    expect(written.split('\n')[1]).toBe('2006-01-02T09:05:00.000Z,10,11,9,10,10,0');
  });
});

describe('parseCsv errors name file, line and column', () => {
  const cases: Array<[string, string]> = [
    [
      'missing-column.csv',
      'missing-column.csv line 1, column Close: missing from the header (got "Date,Open,High,Low,Volume")',
    ],
    [
      'duplicate-header-column.csv',
      'duplicate-header-column.csv line 1, column Close: appears twice in the header (got "Date,Open,Close,High,Low,Close,Volume")',
    ],
    [
      'too-few-fields.csv',
      'too-few-fields.csv line 3, column Adj Close: missing (the row has 5 fields, the header 7) (got "2014-01-03,10.20,10.60,10.00,10.40")',
    ],
    [
      'too-many-fields.csv',
      'too-many-fields.csv line 3: the row has 8 fields but the header has 7 (got "2014-01-03,10.20,10.60,10.00,10.40,10.30,1200,7")',
    ],
    ['bad-date.csv', 'bad-date.csv line 3, column Date: not a calendar date (got "2014-13-03")'],
    [
      'bad-date-format.csv',
      'bad-date-format.csv line 3, column Date: not a date (expected YYYY-MM-DD, optionally followed by a time) (got "01/03/2014")',
    ],
    [
      'bad-time.csv',
      'bad-time.csv line 3, column Time: not a time (expected HH:MM or HH:MM:SS[.fff]) (got "25:10:00")',
    ],
    ['text-in-number.csv', 'text-in-number.csv line 3, column Close: not a number (got "abc")'],
    ['empty-number.csv', 'empty-number.csv line 3, column Close: not a number (got "")'],
    ['yahoo-null-row.csv', 'yahoo-null-row.csv line 3, column Open: not a number (got "null")'],
    ['zero-price.csv', 'zero-price.csv line 3, column Open: price must be positive (got "0")'],
    [
      'negative-price.csv',
      'negative-price.csv line 3, column Low: price must be positive (got "-10.00")',
    ],
    [
      'negative-volume.csv',
      'negative-volume.csv line 3, column Volume: must not be negative (got "-5")',
    ],
    ['high-below-low.csv', 'high-below-low.csv line 3, column High: below Low (10) (got "9.90")'],
    [
      'open-above-high.csv',
      'open-above-high.csv line 3, column Open: outside the bar\'s range [Low 10, High 10.6] (got "10.70")',
    ],
    [
      'close-below-low.csv',
      'close-below-low.csv line 3, column Close: outside the bar\'s range [Low 10, High 10.6] (got "9.90")',
    ],
    [
      'duplicate-date.csv',
      'duplicate-date.csv line 4, column Date: same time as line 3 (got "2014-01-03")',
    ],
    [
      'unsorted-dates.csv',
      'unsorted-dates.csv line 4, column Date: earlier than line 3 (2014-01-06) (got "2014-01-03")',
    ],
    ['empty.csv', 'empty.csv line 1: the file is empty (got "")'],
    ['header-only.csv', 'header-only.csv line 2: no data rows after the header (got nothing)'],
  ];

  it.each(cases)('%s', async (name, message) => {
    const error = await loadError(name);
    expect(error.message).toBe(message);
  });

  it('counts lines after a BOM and with CRLF endings', () => {
    const text =
      '\ufeffDate,Open,High,Low,Close,Volume\r\n2014-01-02,1,1,1,1,1\r\n2014-01-03,1,1,x,1,1\r\n';
    expect(() => parseCsv(text, { source: 'b.csv' })).toThrow(
      'b.csv line 3, column Low: not a number (got "x")',
    );
  });

  it('names a missing file', async () => {
    await expect(loadCsvFile(fixture('no-such-file.csv'))).rejects.toThrow(/^file: no such file/);
  });

  it('refuses two files that resolve to the same symbol', async () => {
    await expect(
      loadCsvFiles([sharedDataPath('orcl-2014.txt'), sharedDataPath('orcl-2003-2005.txt')]),
    ).rejects.toThrow(/symbol ORCL is already loaded from .*orcl-2014\.txt/);
  });
});

describe('symbolFromFileName', () => {
  it.each([
    ['orcl-1995-2014.txt', 'ORCL'],
    ['/data/nvda-2014.txt', 'NVDA'],
    ['brk.b_2014.csv', 'BRK.B'],
    ['SYN-ABCD.csv', 'SYN-ABCD'],
    ['2006-day-001.txt', '2006-DAY-001'],
    ['ticksample.csv', 'TICKSAMPLE'],
    ['aapl', 'AAPL'],
  ])('%s -> %s', (fileName, symbol) => {
    expect(symbolFromFileName(fileName)).toBe(symbol);
  });
});

/** Rows, first and last date of each Yahoo file, from ../shared/data/README.md. */
const YAHOO_FILES: Array<[string, string, number, string, string]> = [
  ['orcl-1995-2014.txt', 'ORCL', 5036, '1995-01-03', '2014-12-31'],
  ['nvda-1999-2014.txt', 'NVDA', 4012, '1999-01-22', '2014-12-31'],
  ['yhoo-1996-2015.txt', 'YHOO', 4965, '1996-04-12', '2015-12-31'],
  ['yhoo-1996-2014.txt', 'YHOO', 4713, '1996-04-12', '2014-12-31'],
  ['orcl-2003-2005.txt', 'ORCL', 756, '2003-01-02', '2005-12-30'],
  ['orcl-2014.txt', 'ORCL', 252, '2014-01-02', '2014-12-31'],
  ['nvda-2014.txt', 'NVDA', 252, '2014-01-02', '2014-12-31'],
  ['yhoo-2003-2005.txt', 'YHOO', 756, '2003-01-02', '2005-12-30'],
  ['yhoo-2014.txt', 'YHOO', 252, '2014-01-02', '2014-12-31'],
];

describe('real files from ../shared/data', () => {
  it.each(YAHOO_FILES)('%s', async (name, symbol, rows, first, last) => {
    const series = await loadCsvFile(sharedDataPath(name));
    expect(series.symbol).toBe(symbol);
    expect(series.length).toBe(rows);
    expect(toIsoDate(series.time[0])).toBe(first);
    expect(toIsoDate(series.time[rows - 1])).toBe(last);
    expect(series.adjClose).not.toBeNull();
  });

  it('parses every number exactly as Number() does (orcl-1995-2014.txt)', async () => {
    const path = sharedDataPath('orcl-1995-2014.txt');
    const series = await loadCsvFile(path);
    const lines = (await readFile(path, 'utf8')).trim().split('\n').slice(1);
    let mismatches = 0;
    lines.forEach((line, i) => {
      const [, o, h, l, c, a, v] = line.split(',').map(Number);
      const got = [series.open[i], series.high[i], series.low[i], series.close[i]];
      if (got.join() !== [o, h, l, c].join()) mismatches++;
      if (series.adjClose?.[i] !== a || series.volume[i] !== v) mismatches++;
    });
    expect(mismatches).toBe(0);
  });

  it('reads backtrader daily files (no Adj Close, extra OpenInterest column)', async () => {
    const series = await loadCsvFile(sharedDataPath('2006-day-001.txt'));
    expect(series.length).toBe(255);
    expect(series.adjClose).toBeNull();
    expect(toIsoDate(series.time[0])).toBe('2006-01-02');
    expect(series.open[0]).toBe(3578.73);
    expect(toIsoDate(series.time[254])).toBe('2006-12-29');
  });

  it('reads a CRLF file (2006-volume-day-001.txt)', async () => {
    const series = await loadCsvFile(sharedDataPath('2006-volume-day-001.txt'));
    expect(series.length).toBe(255);
    expect(series.volume[0]).toBe(164794);
    expect(series.close[254]).toBe(4157);
  });

  it('reads 5-minute bars with a Time column (2006-min-005.txt)', async () => {
    const series = await loadCsvFile(sharedDataPath('2006-min-005.txt'));
    expect(series.length).toBe(2142);
    expect(new Date(series.time[0]).toISOString()).toBe('2006-01-02T09:05:00.000Z');
    expect(new Date(series.time[2141]).toISOString()).toBe('2006-01-30T17:30:00.000Z');
  });

  it('reads ticks with a Datetime column, merging the one repeated millisecond', async () => {
    await expect(loadCsvFile(sharedDataPath('ticksample.csv'))).rejects.toThrow(
      'ticksample.csv line 24, column Datetime: same time as line 23',
    );
    const series = await loadCsvFile(sharedDataPath('ticksample.csv'), { duplicates: 'merge' });
    expect(series.length).toBe(134);
    expect(new Date(series.time[0]).toISOString()).toBe('2015-09-23T20:57:42.146Z');
    expect(new Date(series.time[133]).toISOString()).toBe('2015-09-23T21:00:00.238Z');
  });
});
