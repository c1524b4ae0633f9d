// A request that got no answer (DNS, connection refused or reset, TLS, timeout), for both CRMs'
// transports: their clients retry it with backoff, and it is a RetryableError if it gets out.
import { RetryableError, type ErrorCode } from '../model/index.ts';

export class NetworkFailure extends RetryableError {
  constructor(code: Extract<ErrorCode, 'HUBSPOT_NETWORK' | 'SALESFORCE_NETWORK'>, message: string, options?: ErrorOptions) {
    super(code, message, undefined, options);
  }
}

/** What went wrong, with the system's code (ECONNREFUSED, ENOTFOUND...) where fetch hid it in `cause`. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed';
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'no answer before the timeout';
  const cause = error.cause;
  if (cause instanceof Error) return `${error.message} (${(cause as Error & { code?: string }).code ?? cause.message})`;
  return error.message;
}
