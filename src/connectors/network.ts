// A request that got no answer (DNS, connection refused or reset, TLS, timeout), for both CRMs'
// transports: their clients retry it with backoff, and it is a RetryableError if it gets out.
// Which faults mean "nothing answers at this address" rather than a blip on a working connection:
// before a CRM has answered once, these fail the call at once (a wrong URL, a CRM that is down); a
// reset or a dropped answer is retried as usual, since something did listen.
import { RetryableError, type ErrorCode } from '../model/index.ts';

export class NetworkFailure extends RetryableError {
  /** What went wrong without the route, e.g. "fetch failed (ECONNREFUSED)". */
  readonly detail: string;
  /** ENOTFOUND, ECONNREFUSED, TIMEOUT...: what tells a wrong address from a blip (isUnreachable). */
  readonly systemCode: string | undefined;
  constructor(code: Extract<ErrorCode, 'HUBSPOT_NETWORK' | 'SALESFORCE_NETWORK'>, route: string, cause: unknown) {
    const detail = describeNetworkError(cause);
    super(code, `${route}: ${detail}`, undefined, { cause });
    this.detail = detail;
    this.systemCode = networkCode(cause);
  }
}

/**
 * System and undici codes of a name that does not resolve or a host that takes no connection;
 * TIMEOUT: no answer in time; BAD_PORT: a port fetch refuses to call (e.g. 1, 25).
 */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT', 'BAD_PORT']);

export function isUnreachable(code: string | undefined): boolean {
  return code !== undefined && UNREACHABLE.has(code);
}

/** The code of a network error, from the error or its cause (fetch puts it on the cause); TIMEOUT for an abort. */
export function networkCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'TIMEOUT';
  const own = (error as Error & { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = error.cause as (Error & { code?: unknown }) | undefined;
  if (cause?.message === 'bad port') return 'BAD_PORT';
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** The error in a few words with the system's code: "fetch failed (ENOTFOUND)". */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed';
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'no answer before the timeout';
  // node-fetch (jsforce) puts the system's code on the error, fetch on its cause.
  const cause = error.cause instanceof Error ? error.cause : error;
  const code = (cause as Error & { code?: string }).code ?? (cause === error ? undefined : cause.message);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'no connection before the timeout';
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}
