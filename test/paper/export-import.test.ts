import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryBarSource } from '../../src/paper/bar-source.ts';
import {
  PORTFOLIO_FILE,
  TRADE_LOG_FILE,
  parsePortfolioCsv,
  parseTradeLogCsv,
} from '../../src/paper/experiment-csv.ts';
import {
  createPaperPortfolio,
  placePaperOrder,
  runPaperDay,
  type PaperDeps,
} from '../../src/paper/service.ts';
import type { PaperSettingsInput } from '../../src/paper/settings.ts';
import type { StoreDialect } from '../../src/store/database.ts';
import { exportPaperPortfolio, importPaperPortfolio } from '../../src/paper/transfer.ts';
import { NO_RISK_LIMITS } from '../../src/signals/limits.ts';
import { availableDialects } from '../support/db.ts';
import { bars, tempStore } from './helpers.ts';

const disposers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

const AAA = bars('AAA', [
  ['2024-03-04', 10, 10.2, 9.8, 10, 1e6],
  ['2024-03-05', 10, 10.4, 9.9, 10.25, 1e6],
  ['2024-03-06', 10.3, 10.6, 10.1, 10.5, 1e6],
  ['2024-03-07', 10.5, 10.7, 10.2, 10.4, 1e6],
  ['2024-03-08', 8.5, 8.8, 8.3, 8.6, 1e6],
]);
const BBB = bars('BBB', [
  ['2024-03-04', 20, 20.5, 19.5, 20, 1e6],
  ['2024-03-05', 20, 20.6, 19.8, 20.4, 1e6],
  ['2024-03-06', 21, 21.5, 20.5, 21.2, 1e6],
  ['2024-03-07', 21.2, 21.4, 20.9, 21.1, 1e6],
  ['2024-03-08', 21, 21.3, 20.7, 21.25, 1e6],
]);

const SETTINGS: PaperSettingsInput = {
  symbols: ['AAA', 'BBB'],
  costs: 'none',
  pipeline: { risk: { ...NO_RISK_LIMITS, requireStop: true } },
};

async function setUp(dialect: StoreDialect): Promise<{ deps: PaperDeps; dir: string }> {
  const { store, dispose } = await tempStore(dialect);
  const dir = mkdtempSync(join(tmpdir(), 'microcap-paper-csv-'));
  disposers.push(dispose, () => rmSync(dir, { recursive: true, force: true }));
  return { deps: { store, bars: memoryBarSource([AAA, BBB]) }, dir };
}

/** Buys AAA and BBB with stops, sells part of BBB, runs to 03-07. */
async function tradedPortfolio(deps: PaperDeps): Promise<void> {
  await createPaperPortfolio(deps, {
    name: 'exp',
    cash: 5000,
    start: '2024-03-04',
    settings: SETTINGS,
  });
  await runPaperDay(deps, 'exp', '2024-03-04');
  await placePaperOrder(deps, 'exp', { symbol: 'AAA', side: 'buy', quantity: 100, stop: 9 });
  await placePaperOrder(deps, 'exp', { symbol: 'BBB', side: 'buy', quantity: 50, stop: 18.5 });
  await runPaperDay(deps, 'exp', '2024-03-05');
  const sold = await placePaperOrder(deps, 'exp', { symbol: 'BBB', side: 'sell', quantity: 20 });
  expect(sold.status).toBe('accepted');
  await runPaperDay(deps, 'exp', '2024-03-06');
  await runPaperDay(deps, 'exp', '2024-03-07');
}

describe.each(availableDialects())("the experiment's CSV formats (%s)", (dialect) => {
  it('exports exactly the two headers and the rows of the daily routine', async () => {
    const { deps, dir } = await setUp(dialect);
    await tradedPortfolio(deps);
    const result = await exportPaperPortfolio(deps, 'exp', dir);
    expect(result).toMatchObject({ days: 4, trades: 3 });
    const portfolio = readFileSync(join(dir, PORTFOLIO_FILE), 'utf8').split('\n');
    const log = readFileSync(join(dir, TRADE_LOG_FILE), 'utf8').split('\n');
    expect(portfolio[0]).toBe(
      'Date,Ticker,Shares,Buy Price,Cost Basis,Stop Loss,Current Price,Total Value,PnL,Action,Cash Balance,Total Equity',
    );
    expect(log[0]).toBe(
      'Date,Ticker,Shares Bought,Buy Price,Cost Basis,PnL,Reason,Shares Sold,Sell Price',
    );
    expect(log.slice(1, 4)).toEqual([
      '2024-03-05,AAA,100,10,1000,0,manual buy,,',
      '2024-03-05,BBB,50,20,1000,0,manual buy,,',
      '2024-03-06,BBB,,20,400,20,manual sell,20,21',
    ]);
    // 03-06: AAA held, BBB partly sold (30 left), the sale, then the TOTAL row.
    expect(portfolio.filter((l) => l.startsWith('2024-03-06'))).toEqual([
      '2024-03-06,AAA,100,10,1000,9,10.5,1050,50,HOLD,,',
      '2024-03-06,BBB,30,20,600,18.5,21.2,636,36,HOLD,,',
      '2024-03-06,BBB,20,20,400,,21,420,20,SELL - manual sell,,',
      '2024-03-06,TOTAL,,,,,,1686,86,,3420,5106',
    ]);
    expect(portfolio.filter((l) => l.startsWith('2024-03-05'))[0]).toContain(',BUY,');
  });

  it('importing the files reproduces the portfolio: same files, holdings, cash, stops and next day', async () => {
    const { deps, dir } = await setUp(dialect);
    await tradedPortfolio(deps);
    await exportPaperPortfolio(deps, 'exp', dir);
    const imported = await importPaperPortfolio(deps, {
      name: 'copy',
      portfolioFile: join(dir, PORTFOLIO_FILE),
      tradeLogFile: join(dir, TRADE_LOG_FILE),
      settings: SETTINGS,
    });
    expect(imported).toEqual({ name: 'copy', days: 4, trades: 3, positions: 2, cash: 3420 });
    const again = join(dir, 'again');
    await exportPaperPortfolio(deps, 'copy', again);
    for (const file of [PORTFOLIO_FILE, TRADE_LOG_FILE]) {
      expect(readFileSync(join(again, file), 'utf8')).toBe(readFileSync(join(dir, file), 'utf8'));
    }
    // The next day: AAA gaps below its imported stop; both portfolios trade the same way.
    const original = await runPaperDay(deps, 'exp', '2024-03-08');
    const copy = await runPaperDay(deps, 'copy', '2024-03-08');
    expect(copy.tradeLog).toEqual(original.tradeLog);
    expect(copy.tradeLog[0]).toMatchObject({
      symbol: 'AAA',
      sharesSold: 100,
      sellPrice: 8.5,
      reason: 'STOP LOSS 9.00 gapped: filled at the open 8.50',
    });
    expect(copy.equity).toBe(original.equity);
    expect(copy.cash).toBe(original.cash);
    expect(copy.positions.map((p) => [p.symbol, p.quantity, p.avgPrice, p.stop])).toEqual(
      original.positions.map((p) => [p.symbol, p.quantity, p.avgPrice, p.stop]),
    );
    // Running an imported date again does nothing.
    expect((await runPaperDay(deps, 'copy', '2024-03-07')).status).toBe('already-done');
  });

  it('reads files written by the original experiment (2-decimal values, quoted reasons)', () => {
    const days = parsePortfolioCsv(
      [
        'Date,Ticker,Shares,Buy Price,Cost Basis,Stop Loss,Current Price,Total Value,PnL,Action,Cash Balance,Total Equity',
        '2025-06-30,ABEO,4.0,5.77,23.08,6.0,6.49,25.96,2.88,HOLD,,',
        '2025-06-30,CADL,5.0,5.04,25.2,4.03,5.05,25.25,0.05,HOLD,,',
        '2025-06-30,TOTAL,,,,,,51.21,2.93,,48.79,100.0',
      ].join('\r\n'),
    );
    expect(days).toEqual([
      {
        time: Date.UTC(2025, 5, 30),
        cash: 48.79,
        equity: 100,
        holdings: [
          { symbol: 'ABEO', shares: 4, buyPrice: 5.77, stop: 6, price: 6.49 },
          { symbol: 'CADL', shares: 5, buyPrice: 5.04, stop: 4.03, price: 5.05 },
        ],
      },
    ]);
    const trades = parseTradeLogCsv(
      'Date,Ticker,Shares Bought,Buy Price,Cost Basis,PnL,Reason,Shares Sold,Sell Price\n' +
        '2025-06-30,ABEO,4.0,5.77,23.08,0.0,"MANUAL BUY LIMIT - Filled, at open",,\n' +
        '2025-07-11,CADL,,5.04,25.2,-4.85,AUTOMATED SELL - STOPLOSS TRIGGERED,5.0,4.07\n',
    );
    expect(trades[0]).toMatchObject({
      reason: 'MANUAL BUY LIMIT - Filled, at open',
      sharesBought: 4,
    });
    expect(trades[1]).toMatchObject({ sharesSold: 5, sellPrice: 4.07, pnl: -4.85 });
  });

  it('names the column, line and value of bad input', () => {
    expect(() => parsePortfolioCsv('Date,Ticker\n')).toThrow(/missing column "Shares"/);
    const header =
      'Date,Ticker,Shares,Buy Price,Cost Basis,Stop Loss,Current Price,Total Value,PnL,Action,Cash Balance,Total Equity';
    expect(() => parsePortfolioCsv(`${header}\n2025-06-31,ABEO,4,5,20,,6,24,4,HOLD,,\n`)).toThrow(
      /Date \(line 2\): not a calendar date/,
    );
    expect(() => parsePortfolioCsv(`${header}\n2025-06-30,ABEO,4.5,5,20,,6,24,4,HOLD,,\n`)).toThrow(
      /Shares \(line 2\)/,
    );
    expect(() => parsePortfolioCsv(`${header}\n2025-06-30,ABEO,4,5,20,,6,24,4,HOLD,,\n`)).toThrow(
      /no TOTAL row/,
    );
  });
});
