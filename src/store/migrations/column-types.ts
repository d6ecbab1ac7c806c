import { sql } from 'kysely';
import type { ColumnDataType, Expression } from 'kysely';
import type { StoreDialect } from '../database-url.ts';

type ColumnType = ColumnDataType | Expression<unknown>;

/**
 * The few column types whose spelling differs between dialects, decided in one place so every
 * migration stays portable. Everything else uses types all three accept (varchar(n), bigint,
 * integer, double precision, text).
 */
export interface ColumnTypes {
  /** JSON documents: TEXT, or LONGTEXT on MySQL where TEXT stops at 64 KiB. */
  readonly json: ColumnType;
  /** Long free text (messages, summaries). */
  readonly longText: ColumnType;
  /** Floating-point numbers (prices, quantities, ratios). */
  readonly double: ColumnType;
  /** Epoch milliseconds. */
  readonly epochMs: ColumnType;
  /** Auto-incrementing 64-bit key type (use with primaryKey(); autoIncrement() when asked). */
  readonly serialKey: ColumnType;
  /** Whether serialKey also needs .autoIncrement(). */
  readonly serialNeedsAutoIncrement: boolean;
}

export function columnTypesFor(dialect: StoreDialect): ColumnTypes {
  const mysql = dialect === 'mysql';
  return {
    json: mysql ? sql`longtext` : 'text',
    longText: mysql ? sql`longtext` : 'text',
    double: 'double precision',
    epochMs: 'bigint',
    // SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
    serialKey: dialect === 'sqlite' ? 'integer' : dialect === 'postgres' ? 'bigserial' : 'bigint',
    serialNeedsAutoIncrement: dialect !== 'postgres',
  };
}
