import { InputError } from '../domain/errors.ts';

export type StoreDialect = 'sqlite' | 'postgres' | 'mysql';

/** The embedded default: a SQLite file under ./data, created on first use. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/microcap.db';

export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly path: string; readonly masked: string }
  | { readonly dialect: 'postgres' | 'mysql'; readonly url: string; readonly masked: string };

/** Hides the password of a connection URL so it can appear in messages and logs. */
export function maskDatabaseUrl(url: string): string {
  return url.replace(/^([a-z0-9+.-]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/**
 * Parses DATABASE_URL: `sqlite:PATH`, `sqlite::memory:`, `postgres://…` (or `postgresql://`),
 * `mysql://…` (also `mariadb://`). Bad values throw InputError naming DATABASE_URL, with the
 * password masked.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const masked = maskDatabaseUrl(url.trim());
  const fail = (problem: string): never => {
    throw new InputError('DATABASE_URL', masked, problem);
  };
  const text = url.trim();
  if (text === '') fail('is empty; expected sqlite:PATH, postgres://… or mysql://…');
  if (/^sqlite:/i.test(text)) {
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') fail('names no file; use sqlite:PATH or sqlite::memory:');
    return { dialect: 'sqlite', path, masked };
  }
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) fail('expected sqlite:PATH, postgres://… or mysql://…');
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return fail('is not a valid URL');
  }
  if (parsed.hostname === '') fail('names no host');
  if (parsed.pathname.replace(/^\//, '') === '') fail('names no database (add /NAME)');
  if (scheme === 'postgres' || scheme === 'postgresql') {
    return { dialect: 'postgres', url: text, masked };
  }
  if (scheme === 'mysql' || scheme === 'mariadb') {
    return { dialect: 'mysql', url: text.replace(/^mariadb:/i, 'mysql:'), masked };
  }
  return fail(`has unsupported scheme "${scheme}"; expected sqlite, postgres or mysql`);
}
