// Which network faults mean "nothing answers at this address" rather than a blip on a working
// connection: before a CRM has answered once, these fail the call at once (a wrong URL, a CRM that
// is down); a reset or a dropped answer is retried as usual, since something did listen.

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
