// Structured logs (pino, JSON lines). Secrets never reach a log: config values are `Secret`s that
// print as [secret], and these paths are redacted in case a token travels in a plain object.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const REDACT = [
  'accessToken',
  'refreshToken',
  'clientSecret',
  'credentials',
  'token',
  'authorization',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.credentials',
  '*.token',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-hubspot-signature-v3"]',
  'req.headers.cookie',
];

export interface LoggerOptions {
  level: string;
  /** File descriptor to write to. Default 1 (stdout); `crm-pulse run` logs to 2, stdout holds its summary. */
  fd?: 1 | 2;
  /** Instead of a file descriptor (tests read what was logged). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino({ level: options.level, base: { service: 'crm-pulse' }, redact: { paths: REDACT, censor: '[redacted]' } }, options.destination ?? pino.destination({ fd: options.fd ?? 1, sync: true }));
}
