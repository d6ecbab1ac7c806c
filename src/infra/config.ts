import { z } from 'zod';
import { type EnvSource, optionalText, parseEnvironment, wholeNumber } from './env.ts';

/**
 * Process configuration from environment variables (and an optional `.env` file, whose values
 * never override the real environment). Validated once at start-up: a bad value stops the
 * process with an InputError naming the variable.
 */

export const PROVIDER_NAMES = ['yahoo', 'alphavantage', 'tiingo', 'csv'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Variables whose values must never be echoed in an error message. */
const SECRET_VARIABLES = new Set([
  'ALPHAVANTAGE_API_KEY',
  'TIINGO_API_KEY',
  'LLM_API_KEY',
  'OPENAI_API_KEY',
  'REDIS_URL',
  'DATABASE_URL',
]);

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const positiveInt = (fallback: number) =>
  wholeNumber().positive({ error: 'expected a number above 0' }).default(fallback);

const providerList = z
  .string()
  .default(PROVIDER_NAMES.join(','))
  .transform((text, ctx) => {
    const names = text
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '');
    for (const name of names) {
      if (!(PROVIDER_NAMES as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown provider "${name}" (known: ${PROVIDER_NAMES.join(', ')})`,
        });
        return z.NEVER;
      }
    }
    if (names.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'expected at least one provider' });
      return z.NEVER;
    }
    return [...new Set(names)] as ProviderName[];
  });

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/)/, {
      error: 'expected sqlite:PATH, postgres://... or mysql://...',
    })
    .default('sqlite:./data/microcap.db'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: 'expected redis://... or rediss://...' })
    .optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  MARKET_DATA_PROVIDERS: providerList,
  MARKET_DATA_CSV_DIR: optionalText,
  MARKET_DATA_TIMEOUT_MS: positiveInt(10_000),
  MARKET_DATA_RETRIES: wholeNumber()
    .min(0, { error: 'expected 0 or more' })
    .max(10, { error: 'expected at most 10' })
    .default(3),
  ALPHAVANTAGE_API_KEY: optionalText,
  TIINGO_API_KEY: optionalText,
  YAHOO_BASE_URL: httpUrl.default('https://query2.finance.yahoo.com'),
  ALPHAVANTAGE_BASE_URL: httpUrl.default('https://www.alphavantage.co'),
  TIINGO_BASE_URL: httpUrl.default('https://api.tiingo.com'),
  YAHOO_REQUESTS_PER_MINUTE: positiveInt(60),
  // Alpha Vantage's free tier allows 5 requests a minute (and 25 a day).
  ALPHAVANTAGE_REQUESTS_PER_MINUTE: positiveInt(5),
  TIINGO_REQUESTS_PER_MINUTE: positiveInt(50),
  LLM_BASE_URL: httpUrl.optional(),
  LLM_API_KEY: optionalText,
  OPENAI_API_KEY: optionalText,
  LLM_MODEL: optionalText,
});

export type Config = z.infer<typeof schema>;

export type LoadConfigOptions = EnvSource;

export function loadConfig(options: LoadConfigOptions = {}): Config {
  return parseEnvironment(schema, SECRET_VARIABLES, options);
}
