import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';

/**
 * Reading and validating environment variables, shared by the process configuration
 * (config.ts) and the server's (src/server/server-config.ts): the same `.env` rules, the same
 * error shape (an InputError naming the variable), secrets never echoed.
 */

/** Text that counts as unset when empty or blank. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A whole number given as text; bounds and default are the caller's. */
export const wholeNumber = () =>
  z.coerce.number({ error: 'expected a number' }).int({ error: 'expected a whole number' });

export interface EnvSource {
  /** Defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A .env file to read first; the real environment wins. Default `.env` when it exists. */
  envFile?: string | null;
}

/** Reads a .env file with node's own parser (same syntax as `node --env-file`). */
export function readEnvFile(path: string): Record<string, string> {
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/**
 * Validates the environment (the `.env` file under the real environment) against `schema`.
 * Empty strings mean "unset", so variables with defaults take them (e.g. `LOG_LEVEL=` in .env).
 * The first problem becomes an InputError naming the variable; the values of `secrets` show
 * as `<redacted>`.
 */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  secrets: ReadonlySet<string>,
  source: EnvSource = {},
): z.output<S> {
  const envFile = source.envFile === undefined ? '.env' : source.envFile;
  const fromFile = envFile && existsSync(envFile) ? readEnvFile(envFile) : {};
  const merged: Record<string, string | undefined> = {
    ...fromFile,
    ...(source.env ?? process.env),
  };
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key];
  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue.path[0] ?? 'environment');
  const raw = merged[variable];
  const shown = secrets.has(variable) && raw !== undefined ? '<redacted>' : raw;
  throw new InputError(variable, shown, issue.message);
}
