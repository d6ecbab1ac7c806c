import type { Store } from '../database.ts';
import { newId, num, numOrNull } from '../ids.ts';
import { fromJsonText, toJsonText } from '../json.ts';
import { upsertRows } from '../upsert.ts';
import type { Database, OrderTable, PortfolioTable, PositionTable } from '../schema.ts';

export interface Portfolio {
  readonly id: string;
  readonly userId: string | null;
  readonly name: string;
  readonly currency: string;
  readonly initialCash: number;
  readonly cash: number;
  readonly settings: Record<string, unknown>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface StoredPosition {
  readonly id: string;
  readonly portfolioId: string;
  readonly symbol: string;
  readonly quantity: number;
  readonly avgPrice: number;
  readonly openedAt: number;
  readonly updatedAt: number;
}

export interface StoredOrder {
  readonly id: string;
  readonly portfolioId: string;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly quantity: number;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly timeInForce: string;
  readonly status: string;
  readonly filledQuantity: number;
  readonly avgFillPrice: number | null;
  readonly details: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type NewOrder = Omit<
  StoredOrder,
  'id' | 'status' | 'filledQuantity' | 'avgFillPrice' | 'createdAt' | 'updatedAt'
>;

/** Paper-trading accounts with their positions and orders (one aggregate). */
export class PortfolioRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async create(
    portfolio: {
      name: string;
      initialCash: number;
      userId?: string | null;
      currency?: string;
      settings?: Record<string, unknown>;
    },
    now = Date.now(),
  ): Promise<Portfolio> {
    const row: PortfolioTable = {
      id: newId(),
      user_id: portfolio.userId ?? null,
      name: portfolio.name,
      currency: portfolio.currency ?? 'USD',
      initial_cash: portfolio.initialCash,
      cash: portfolio.initialCash,
      settings_json: toJsonText(portfolio.settings ?? {}),
      created_at: now,
      updated_at: now,
    };
    await this.#store.db.insertInto('portfolios').values(row).execute();
    return toPortfolio(row);
  }

  async get(id: string): Promise<Portfolio | null> {
    const row = await this.#store.db
      .selectFrom('portfolios')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toPortfolio(row) : null;
  }

  async list(userId?: string): Promise<Portfolio[]> {
    let query = this.#store.db.selectFrom('portfolios').selectAll();
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(toPortfolio);
  }

  async setCash(id: string, cash: number, now = Date.now()): Promise<boolean> {
    const result = await this.#store.db
      .updateTable('portfolios')
      .set({ cash, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the portfolio with its positions, orders and trades (cascade). */
  async delete(id: string): Promise<boolean> {
    const result = await this.#store.db
      .deleteFrom('portfolios')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Sets the holding of a symbol; a quantity of 0 closes (removes) the position. */
  async setPosition(
    portfolioId: string,
    symbol: string,
    quantity: number,
    avgPrice: number,
    now = Date.now(),
  ): Promise<void> {
    const db = this.#store.db;
    if (quantity === 0) {
      await db
        .deleteFrom('positions')
        .where('portfolio_id', '=', portfolioId)
        .where('symbol', '=', symbol)
        .execute();
      return;
    }
    const row: PositionTable = {
      id: newId(),
      portfolio_id: portfolioId,
      symbol,
      quantity,
      avg_price: avgPrice,
      opened_at: now,
      updated_at: now,
    };
    await upsertRows<Database>(
      db,
      this.#store.dialect,
      'positions',
      [row as unknown as Record<string, unknown>],
      ['portfolio_id', 'symbol'],
      ['quantity', 'avg_price', 'updated_at'],
    );
  }

  async listPositions(portfolioId: string): Promise<StoredPosition[]> {
    const rows = await this.#store.db
      .selectFrom('positions')
      .selectAll()
      .where('portfolio_id', '=', portfolioId)
      .orderBy('symbol')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      portfolioId: row.portfolio_id,
      symbol: row.symbol,
      quantity: num(row.quantity),
      avgPrice: num(row.avg_price),
      openedAt: num(row.opened_at),
      updatedAt: num(row.updated_at),
    }));
  }

  async createOrder(order: NewOrder, now = Date.now()): Promise<StoredOrder> {
    const row: OrderTable = {
      id: newId(),
      portfolio_id: order.portfolioId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      limit_price: order.limitPrice,
      stop_price: order.stopPrice,
      time_in_force: order.timeInForce,
      status: 'open',
      filled_quantity: 0,
      avg_fill_price: null,
      details_json: toJsonText(order.details ?? null),
      created_at: now,
      updated_at: now,
    };
    await this.#store.db.insertInto('orders').values(row).execute();
    return toOrder(row);
  }

  async updateOrder(
    id: string,
    patch: { status?: string; filledQuantity?: number; avgFillPrice?: number | null },
    now = Date.now(),
  ): Promise<boolean> {
    const set: Partial<OrderTable> = { updated_at: now };
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.filledQuantity !== undefined) set.filled_quantity = patch.filledQuantity;
    if (patch.avgFillPrice !== undefined) set.avg_fill_price = patch.avgFillPrice;
    const result = await this.#store.db
      .updateTable('orders')
      .set(set)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Oldest first. */
  async listOrders(portfolioId: string, status?: string): Promise<StoredOrder[]> {
    let query = this.#store.db
      .selectFrom('orders')
      .selectAll()
      .where('portfolio_id', '=', portfolioId);
    if (status !== undefined) query = query.where('status', '=', status);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(toOrder);
  }
}

function toPortfolio(row: PortfolioTable): Portfolio {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    currency: row.currency,
    initialCash: num(row.initial_cash),
    cash: num(row.cash),
    settings: fromJsonText<Record<string, unknown>>(row.settings_json),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function toOrder(row: OrderTable): StoredOrder {
  return {
    id: row.id,
    portfolioId: row.portfolio_id,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    quantity: num(row.quantity),
    limitPrice: numOrNull(row.limit_price),
    stopPrice: numOrNull(row.stop_price),
    timeInForce: row.time_in_force,
    status: row.status,
    filledQuantity: num(row.filled_quantity),
    avgFillPrice: numOrNull(row.avg_fill_price),
    details: fromJsonText(row.details_json),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}
