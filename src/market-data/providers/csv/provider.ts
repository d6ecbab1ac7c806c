import { existsSync } from 'node:fs';
import type { MarketDataProvider, ProviderBars, Quote, RateLimitSpec } from '../types.ts';
import { ProviderUnavailableError, SymbolNotFoundError } from '../errors.ts';
import { loadCsvFile } from '../../csv.ts';
import { PROVIDER, findSymbolFile, lastBarQuote, toProviderBars } from './parse.ts';

export interface CsvProviderOptions {
  /** Folder of <SYMBOL>.csv files. */
  dir?: string;
}

export class CsvProvider implements MarketDataProvider {
  readonly name = PROVIDER;
  // Local files: no quota worth enforcing.
  readonly rateLimit: RateLimitSpec = { requestsPerMinute: 60_000 };
  private readonly dir: string | undefined;

  constructor(options: CsvProviderOptions = {}) {
    this.dir = options.dir;
  }

  isAvailable(): boolean {
    return this.dir !== undefined && existsSync(this.dir);
  }

  private async load(symbol: string) {
    if (!this.dir) throw new ProviderUnavailableError(PROVIDER, 'MARKET_DATA_CSV_DIR is not set');
    const file = findSymbolFile(this.dir, symbol);
    if (!file) throw new SymbolNotFoundError(PROVIDER, symbol, `no ${symbol}.csv in ${this.dir}`);
    return loadCsvFile(file, { symbol: symbol.toUpperCase() });
  }

  async historicalBars(symbol: string, from: number, to: number): Promise<ProviderBars> {
    return toProviderBars(await this.load(symbol), from, to);
  }

  async quote(symbol: string): Promise<Quote> {
    const quote = lastBarQuote(await this.load(symbol), symbol.toUpperCase());
    if (!quote) throw new SymbolNotFoundError(PROVIDER, symbol, 'the file has no bars');
    return quote;
  }

  async quotes(symbols: readonly string[]): Promise<Quote[]> {
    return Promise.all(symbols.map((s) => this.quote(s)));
  }
}
