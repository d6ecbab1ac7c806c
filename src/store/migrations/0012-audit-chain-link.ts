import type { Kysely } from 'kysely';
import type { StoreDialect } from '../database-url.ts';

/**
 * One audit entry per chain link: a unique index on audit_log.prev_hash. Two processes that
 * read the same last entry and append after it (two API servers, a server and the CLI) would
 * otherwise fork the chain, and `audit verify` would report the second as tampering; with the
 * index the second insert fails and AuditTrail appends again after the new last entry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_log_prev_hash_uq')
    .on('audit_log')
    .column('prev_hash')
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>, dialect?: StoreDialect): Promise<void> {
  // MySQL names the table of an index to drop; SQLite and PostgreSQL do not take one.
  const drop = db.schema.dropIndex('audit_log_prev_hash_uq');
  await (dialect === 'mysql' ? drop.on('audit_log') : drop).execute();
}
