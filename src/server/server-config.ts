import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import { type EnvSource, optionalText, parseEnvironment, wholeNumber } from '../infra/env.ts';

/**
 * Server-only settings (the shared ones, DATABASE_URL, REDIS_URL, LOG_LEVEL…, stay in
 * src/infra/config.ts). Validated once at start-up: a bad value stops the server with an
 * InputError naming the variable, secrets never echoed.
 */

const SECRET_VARIABLES = new Set([
  'MICROCAP_JWT_SECRET',
  'MICROCAP_MASTER_KEY',
  'MICROCAP_OLD_MASTER_KEYS',
  'MICROCAP_AUDIT_KEY',
  'MICROCAP_ADMIN_PASSWORD',
  'MICROCAP_COOKIE_SECRET',
]);

const intIn = (min: number, max: number, fallback: number) =>
  wholeNumber()
    .min(min, { error: `expected at least ${min}` })
    .max(max, { error: `expected at most ${max}` })
    .default(fallback);

const secretText = (minLength: number) =>
  z
    .string()
    .min(minLength, { error: `expected at least ${minLength} characters` })
    .optional();

const schema = z.object({
  NODE_ENV: optionalText,
  MICROCAP_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'expected development, production or test',
    })
    .optional(),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: intIn(0, 65_535, 8080),
  /** HS256 signing secret; generated per process when unset (tokens then die with it). */
  MICROCAP_JWT_SECRET: secretText(32),
  MICROCAP_JWT_ISSUER: z.string().trim().min(1).default('microcap'),
  MICROCAP_JWT_AUDIENCE: z.string().trim().min(1).default('microcap-api'),
  MICROCAP_ACCESS_TOKEN_TTL_SECONDS: intIn(30, 3_600, 900),
  MICROCAP_REFRESH_TOKEN_TTL_DAYS: intIn(1, 90, 14),
  MICROCAP_COOKIE_SECRET: secretText(32),
  MICROCAP_MASTER_KEY: optionalText,
  MICROCAP_OLD_MASTER_KEYS: optionalText,
  MICROCAP_MASTER_KEY_FILE: z.string().trim().min(1).default('./data/master.key'),
  MICROCAP_AUDIT_KEY: secretText(16),
  MICROCAP_ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
  MICROCAP_ADMIN_PASSWORD: secretText(12),
  MICROCAP_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const origins = text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      for (const origin of origins) {
        if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${origin}" is not an origin like https://app.example.com`,
          });
          return z.NEVER;
        }
      }
      return origins;
    }),
  MICROCAP_BODY_LIMIT_BYTES: intIn(1_024, 100 * 2 ** 20, 2 ** 20),
  MICROCAP_IMPORT_BODY_LIMIT_BYTES: intIn(1_024, 500 * 2 ** 20, 20 * 2 ** 20),
  MICROCAP_RATE_LIMIT_PER_MINUTE: intIn(1, 10_000_000, 1_200),
  MICROCAP_LOGIN_RATE_LIMIT_PER_MINUTE: intIn(1, 10_000, 20),
  MICROCAP_LOGIN_MAX_FAILURES: intIn(1, 100, 5),
  MICROCAP_LOGIN_LOCKOUT_SECONDS: intIn(1, 86_400, 900),
  MICROCAP_TRUST_PROXY: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** Load the synthetic demo universe on a start with no market data stored. */
  MICROCAP_DEMO_DATA: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('true')
    .transform((v) => v === 'true'),
});

type RawServerConfig = z.infer<typeof schema>;

export interface ServerConfig {
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly jwtSecret: string | undefined;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlDays: number;
  readonly cookieSecret: string | undefined;
  readonly masterKey: string | undefined;
  readonly oldMasterKeys: string | undefined;
  readonly masterKeyFile: string;
  readonly auditKey: string | undefined;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly importBodyLimitBytes: number;
  readonly rateLimitPerMinute: number;
  readonly loginRateLimitPerMinute: number;
  readonly loginMaxFailures: number;
  readonly loginLockoutSeconds: number;
  readonly trustProxy: boolean;
  readonly demoData: boolean;
}

export type LoadServerConfigOptions = EnvSource;

/**
 * MICROCAP_AUDIT_KEY alone, validated as loadServerConfig does: for CLI commands that append to
 * the audit trail without needing (or checking) the rest of the server's settings.
 */
export function loadAuditKey(options: LoadServerConfigOptions = {}): string | undefined {
  const only = z.object({ MICROCAP_AUDIT_KEY: secretText(16) });
  return parseEnvironment(only, SECRET_VARIABLES, options).MICROCAP_AUDIT_KEY;
}

export function loadServerConfig(options: LoadServerConfigOptions = {}): ServerConfig {
  return toServerConfig(parseEnvironment(schema, SECRET_VARIABLES, options));
}

function toServerConfig(raw: RawServerConfig): ServerConfig {
  const production =
    raw.MICROCAP_ENV === 'production' ||
    (raw.MICROCAP_ENV === undefined && raw.NODE_ENV === 'production');
  if (production && raw.MICROCAP_JWT_SECRET === undefined) {
    throw new InputError(
      'MICROCAP_JWT_SECRET',
      undefined,
      'required in production (at least 32 random characters)',
    );
  }
  return {
    production,
    host: raw.HOST,
    port: raw.PORT,
    jwtSecret: raw.MICROCAP_JWT_SECRET,
    jwtIssuer: raw.MICROCAP_JWT_ISSUER,
    jwtAudience: raw.MICROCAP_JWT_AUDIENCE,
    accessTokenTtlSeconds: raw.MICROCAP_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: raw.MICROCAP_REFRESH_TOKEN_TTL_DAYS,
    cookieSecret: raw.MICROCAP_COOKIE_SECRET,
    masterKey: raw.MICROCAP_MASTER_KEY,
    oldMasterKeys: raw.MICROCAP_OLD_MASTER_KEYS,
    masterKeyFile: raw.MICROCAP_MASTER_KEY_FILE,
    auditKey: raw.MICROCAP_AUDIT_KEY,
    adminEmail: raw.MICROCAP_ADMIN_EMAIL,
    adminPassword: raw.MICROCAP_ADMIN_PASSWORD,
    corsOrigins: raw.MICROCAP_CORS_ORIGINS,
    bodyLimitBytes: raw.MICROCAP_BODY_LIMIT_BYTES,
    importBodyLimitBytes: raw.MICROCAP_IMPORT_BODY_LIMIT_BYTES,
    rateLimitPerMinute: raw.MICROCAP_RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: raw.MICROCAP_LOGIN_RATE_LIMIT_PER_MINUTE,
    loginMaxFailures: raw.MICROCAP_LOGIN_MAX_FAILURES,
    loginLockoutSeconds: raw.MICROCAP_LOGIN_LOCKOUT_SECONDS,
    trustProxy: raw.MICROCAP_TRUST_PROXY,
    demoData: raw.MICROCAP_DEMO_DATA,
  };
}

/** Defaults for tests and embedding: a full config from a partial one, no environment read. */
export function testServerConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...loadServerConfig({ env: {}, envFile: null }), ...overrides };
}

/** Reads a file's text when it exists (used for the dev master key). */
export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
