// The one error type of the HTTP layer and the handler that turns any error into the JSON answer
// every endpoint gives: `{ error: { code, errors: [...] } }`. Errors a handler did not expect
// answer 500 without their message (it may name internals) and are logged.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../observe/index.ts';
import { ConnectionError, RetryableError, type ApiErrorCode, type ErrorCode } from '../model/index.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ApiErrorCode;
  readonly errors: string[];
  /** Seconds the client should wait before asking again (429, 503): sent as Retry-After. */
  readonly retryAfterS: number | undefined;
  constructor(status: number, code: ErrorCode | ApiErrorCode, errors: string[], retryAfterS?: number) {
    super(`${code}: ${errors.join('; ')}`);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.retryAfterS = retryAfterS;
  }
}

export function errorBody(code: ErrorCode | ApiErrorCode, errors: readonly string[]): { error: { code: string; errors: string[] } } {
  return { error: { code, errors: [...errors] } };
}

// Connection errors that name a missing server setting rather than a CRM refusal.
const SETTING_CODES = new Set<ErrorCode>(['HUBSPOT_OAUTH_CONFIG', 'SALESFORCE_OAUTH_CONFIG', 'NO_ENCRYPTION_KEY']);
// Retryable errors that are this server limiting its caller (store/oauth-states.ts), not a CRM being busy.
const LIMIT_CODES = new Set<ErrorCode>(['TOO_MANY_INSTALLS', 'INSTALLS_BUSY']);

/** How the domain's errors read over HTTP: a setting missing (503), the CRM refused (502) or is busy (503), a limit (429). */
function asHttp(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof ConnectionError) return new HttpError(SETTING_CODES.has(error.code) ? 503 : 502, error.code, [error.message]);
  if (error instanceof RetryableError) {
    const wait = error.waitMs === undefined ? undefined : Math.max(1, Math.ceil(error.waitMs / 1000));
    return new HttpError(LIMIT_CODES.has(error.code) ? 429 : 503, error.code, [error.message], wait);
  }
  // A body parser refusing a body (too large, unknown charset): its status is 4xx and its type names the problem.
  const e = error as { status?: unknown; type?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new HttpError(e.status, 'BAD_REQUEST', [String(e.type ?? 'bad request')]);
  return null;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = asHttp(error);
    if (known) {
      if (known.retryAfterS !== undefined) res.set('Retry-After', String(known.retryAfterS));
      res.status(known.status).json(errorBody(known.code, known.errors));
      return;
    }
    logger.error({ method: req.method, path: req.path, err: (error as Error)?.message }, 'request failed');
    res.status(500).json(errorBody('INTERNAL', ['crm-pulse failed to answer; the server log has the cause']));
  };
}
