// What to do about a failed Salesforce call, as a pure function of the failure: retry after a
// jittered backoff (5xx, network, a concurrency limit, a locked row), refresh the token once
// (401), pause the connection (the org's API allocation spent), stop it until an admin acts
// (auth, permissions, a field the query names is gone), or skip the records of the request.
//
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
import { ConnectionError, RecordError } from '../../model/index.ts';
import { backoffMs } from '../retry.ts';
import { budgetSpent } from './budget.ts';
import { parseErrorBody } from './schemas/errors.ts';

export type Failure = { kind: 'http'; status: number; body: unknown } | { kind: 'network'; message: string };

export interface ClassifyContext {
  /** `METHOD /path` of the call, for messages. */
  route: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Whether the token source can refresh (OAuth) and has not done so for this call yet. */
  mayRefresh: boolean;
  now: number;
  random: () => number;
  /** How long a budget pause lasts (budget.ts). */
  recheckMs: number;
}

export type RetryCode = 'SALESFORCE_UNAVAILABLE' | 'SALESFORCE_NETWORK' | 'SALESFORCE_CONCURRENCY_LIMIT' | 'SALESFORCE_ROW_LOCKED';

export type Decision =
  | { action: 'retry'; code: RetryCode; reason: string; waitMs: number }
  | { action: 'refresh' }
  | { action: 'stop'; error: ConnectionError }
  | { action: 'skip'; error: RecordError };

/** Error codes of a query that names something the crm-pulse user cannot see: the admin must act. */
const SCHEMA_CODES = new Set(['INVALID_FIELD', 'INVALID_TYPE', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY']);

const CHECK = 'Run `crm-pulse salesforce check` to list what is missing.';

export function classify(failure: Failure, ctx: ClassifyContext): Decision {
  if (failure.kind === 'network') {
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
