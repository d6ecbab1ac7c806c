import type { Store } from '../database.ts';
import { newId, num } from '../ids.ts';
import { fromJsonText, toJsonText } from '../json.ts';
import type { StrategyTable } from '../schema.ts';

/** A saved strategy configuration: a registry strategy id plus chosen parameters. */
export interface StrategyConfig {
  readonly id: string;
  readonly name: string;
  readonly strategyId: string;
  readonly description: string | null;
  readonly params: Record<string, unknown>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewStrategyConfig {
  readonly name: string;
  readonly strategyId: string;
  readonly params: Record<string, unknown>;
  readonly description?: string | null;
}

/** CRUD for saved configurations; names are unique (a second create with one name throws). */
export class StrategyConfigRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async create(config: NewStrategyConfig, now = Date.now()): Promise<StrategyConfig> {
    const row: StrategyTable = {
      id: newId(),
      name: config.name,
      strategy_id: config.strategyId,
      description: config.description ?? null,
      params_json: toJsonText(config.params),
      created_at: now,
      updated_at: now,
    };
    await this.#store.db.insertInto('strategies').values(row).execute();
    return toConfig(row);
  }

  async get(id: string): Promise<StrategyConfig | null> {
    const row = await this.#store.db
      .selectFrom('strategies')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toConfig(row) : null;
  }

  async findByName(name: string): Promise<StrategyConfig | null> {
    const row = await this.#store.db
      .selectFrom('strategies')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toConfig(row) : null;
  }

  async list(): Promise<StrategyConfig[]> {
    const rows = await this.#store.db
      .selectFrom('strategies')
      .selectAll()
      .orderBy('name')
      .execute();
    return rows.map(toConfig);
  }

  async update(
    id: string,
    patch: Partial<NewStrategyConfig>,
    now = Date.now(),
  ): Promise<StrategyConfig | null> {
    const set: Partial<StrategyTable> = { updated_at: now };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.strategyId !== undefined) set.strategy_id = patch.strategyId;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.params !== undefined) set.params_json = toJsonText(patch.params);
    await this.#store.db.updateTable('strategies').set(set).where('id', '=', id).execute();
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.#store.db
      .deleteFrom('strategies')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toConfig(row: StrategyTable): StrategyConfig {
  return {
    id: row.id,
    name: row.name,
    strategyId: row.strategy_id,
    description: row.description,
    params: fromJsonText<Record<string, unknown>>(row.params_json),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}
