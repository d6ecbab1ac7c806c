import { endpoints, type PortfolioJson } from './api/endpoints.ts';
import { valuePortfolio, type Valuation } from './lib/valuation.ts';

/** Loads a portfolio's positions and the latest stored close of each held symbol. */
export async function loadValuation(portfolio: PortfolioJson): Promise<Valuation> {
  const positions = await endpoints.positions(portfolio.id);
  const symbols = [...new Set(positions.map((p) => p.symbol))];
  const quotes = await Promise.all(
    symbols.map((symbol) => endpoints.quote(symbol).catch(() => null)),
  );
  const prices = new Map<string, number>();
  for (const quote of quotes) if (quote !== null) prices.set(quote.symbol, quote.bar.close);
  return valuePortfolio(portfolio.cash, portfolio.initialCash, positions, prices);
}
