// What to do about a failed Salesforce call, as a pure function of the failure: retry after a
// jittered backoff (5xx, network, a concurrency limit, a locked row), refresh the token once
// (401), pause the connection (the org's API allocation spent), stop it until an admin acts
// (auth, permissions, a field the query names is gone, a host that is not Salesforce), fail fast
// when the instance has never answered (a wrong URL), or skip the records of the request.
//
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
import { backoffMs, type CallContext, type Decision as RetryDecision, type NoAnswer } from '../retry.ts';
import { ConnectionError, RecordError, UnreachableError } from '../../model/index.ts';
import { isUnreachable } from '../network.ts';
import { budgetSpent } from './budget.ts';
import { parseErrorBody } from './schemas/errors.ts';

export type Failure = { kind: 'http'; status: number; body: unknown } | NoAnswer;

export interface ClassifyContext extends CallContext {
  /** How long a budget pause lasts (budget.ts). */
  recheckMs: number;
}

export type RetryCode = 'SALESFORCE_UNAVAILABLE' | 'SALESFORCE_NETWORK' | 'SALESFORCE_CONCURRENCY_LIMIT' | 'SALESFORCE_ROW_LOCKED';

export type Decision = RetryDecision<RetryCode>;

/** Error codes of a query that names something the crm-pulse user cannot see: the admin must act. */
const SCHEMA_CODES = new Set(['INVALID_FIELD', 'INVALID_TYPE', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY']);

const CHECK = 'Run `crm-pulse salesforce check` to list what is missing.';

export function classify(failure: Failure, ctx: ClassifyContext): Decision {
  if (failure.kind === 'network') {
    if (!ctx.answered && isUnreachable(failure.code)) return { action: 'unreachable', error: unreachable(failure.message, ctx.host) };
    return { action: 'retry', code: 'SALESFORCE_NETWORK', reason: `no answer (${failure.message})`, waitMs: backoffMs(ctx.attempt, ctx.random) };
  }
  const { status } = failure;
  const body = parseErrorBody(failure.body);
  const said = [body.code, body.message].filter(Boolean).join(': ') || `HTTP ${status}`;

  if (body.code === 'REQUEST_LIMIT_EXCEEDED') {
    // One code, two limits: the org's 24-hour allocation ("TotalRequests Limit exceeded."), and
    // the 25 concurrent long-running requests of an org, which frees up within seconds.
    if (/TotalRequests/i.test(body.message ?? '')) return { action: 'stop', error: budgetSpent(ctx.now, ctx.recheckMs, said) };
    return { action: 'retry', code: 'SALESFORCE_CONCURRENCY_LIMIT', reason: `rate limited (${said})`, waitMs: backoffMs(ctx.attempt, ctx.random, 2_000, 60_000) };
  }

  // Only Salesforce's own refusal (a list of { message, errorCode }) speaks about the token.
  if ((status === 401 || status === 403) && !isSalesforceError(failure.body)) return { action: 'stop', error: notSalesforce(status, ctx) };

  if (status === 401) {
    if (ctx.mayRefresh) return { action: 'refresh' };
    return {
      action: 'stop',
      error: new ConnectionError(
        'SALESFORCE_UNAUTHORIZED',
        `Salesforce rejected the access token on ${ctx.route} (401 ${said}). With SALESFORCE_ACCESS_TOKEN: the session expired or was revoked; set a fresh token (e.g. from \`sf org display --target-org <alias>\`). With an installed connection: its authorization was revoked or the External Client App's refresh token policy expired it; connect the org again at /install/salesforce.`,
      ),
    };
  }

  if (status === 403) {
    const fix =
      body.code === 'API_DISABLED_FOR_ORG'
        ? "The org's edition has no API access (Salesforce includes it in Enterprise, Unlimited, Performance and Developer editions)."
        : 'Give the crm-pulse user the "API Enabled" permission and assign the Crm_Pulse permission set (`sf org assign permset --name Crm_Pulse`), then resume the connection.';
    return { action: 'stop', error: new ConnectionError('SALESFORCE_FORBIDDEN', `Salesforce refused ${ctx.route} (403 ${said}). ${fix}`) };
  }

  if (body.code === 'UNABLE_TO_LOCK_ROW') {
    return { action: 'retry', code: 'SALESFORCE_ROW_LOCKED', reason: `a record was locked by another transaction (${said})`, waitMs: backoffMs(ctx.attempt, ctx.random, 1_000) };
  }

  if (status >= 500 || status === 408 || status === 420) {
    return { action: 'retry', code: 'SALESFORCE_UNAVAILABLE', reason: `Salesforce answered ${status} (${said})`, waitMs: backoffMs(ctx.attempt, ctx.random) };
  }

  if (body.code && SCHEMA_CODES.has(body.code)) {
    return {
      action: 'stop',
      error: new ConnectionError(
        'SALESFORCE_SCHEMA',
        `Salesforce refused ${ctx.route} (${status} ${said}). A field or object crm-pulse reads or writes is missing or hidden from the crm-pulse user: deploy manifests/salesforce, assign the Crm_Pulse permission set, and check the mapping file's field names. ${CHECK}`,
      ),
    };
  }

  return { action: 'skip', error: new RecordError('SALESFORCE_REJECTED', `Salesforce rejected ${ctx.route} (${status} ${said})`) };
}

function isSalesforceError(body: unknown): boolean {
  return Array.isArray(body) && body.length > 0 && body.every((e) => typeof e === 'object' && e !== null && typeof (e as { errorCode?: unknown }).errorCode === 'string');
}

// A stored connection keeps the instance URL its org was installed on; the environment's is SALESFORCE_INSTANCE_URL.
const URL_SETTING = 'SALESFORCE_INSTANCE_URL or the connection\'s stored instance URL';

function unreachable(cause: string, host: string): UnreachableError {
  return new UnreachableError(
    'SALESFORCE_UNREACHABLE',
    `Salesforce at ${host} (${URL_SETTING}) cannot be reached: ${cause}. Set SALESFORCE_INSTANCE_URL to the org's instance URL (\`sf org display\` prints it, e.g. https://acme.my.salesforce.com), or connect an installed org again, and check DNS and the network from this host.`,
  );
}

function notSalesforce(status: number, ctx: ClassifyContext): ConnectionError {
  return new ConnectionError(
    'SALESFORCE_NOT_SALESFORCE',
    `The host at ${ctx.host} (${URL_SETTING}) does not look like Salesforce (status ${status} on ${ctx.route}, without Salesforce's error list). Set SALESFORCE_INSTANCE_URL to the org's instance URL (\`sf org display\` prints it).`,
  );
}
