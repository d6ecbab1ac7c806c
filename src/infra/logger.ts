import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, at any of the first three nesting levels. */
export const SECRET_KEYS = [
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'api_key',
  'apikey',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  const leaf = plain ? `.${key}` : `["${key}"]`;
  return [plain ? key : `["${key}"]`, `*${leaf}`, `*.*${leaf}`];
});

export interface LoggerOptions {
  level?: LogLevel;
  name?: string;
  /** Where lines go (tests pass a stream); default stderr so stdout stays clean for --json. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'microcap',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    // Synchronous stderr: a CLI that exits right after logging must not lose the line.
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** Masks credentials carried in URLs (Alpha Vantage's apikey, Tiingo's token) for messages. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:apikey|api_key|token|key)=)[^&#]*/gi, '$1[redacted]');
}
