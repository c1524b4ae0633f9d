// What to do about a failed HubSpot call, as a pure function of the failure: retry after a wait
// (429 TEN_SECONDLY / SECONDLY, 5xx, network), refresh the token once (401), stop the connection
// (DAILY 429, 401 after a refresh, 403, a host that is not HubSpot), fail fast when HubSpot has
// never answered (a wrong HUBSPOT_BASE_URL), or skip the records of the request (other 4xx).
import { ConnectionError, RecordError, UnreachableError } from '../../model/index.ts';
import { isUnreachable } from '../network.ts';
import { parseErrorBody } from './schemas/errors.ts';
import { nextDailyReset } from './waits.ts';
import { backoffMs, type CallContext, type Decision as RetryDecision, type NoAnswer } from '../retry.ts';

export type Failure = { kind: 'http'; status: number; body: unknown; headers: { get(name: string): string | null } } | NoAnswer;

export interface ClassifyContext extends CallContext {
  /** The HubSpot account's time zone: its daily limit resets at midnight there. */
  timeZone: string;
}

export type Decision = RetryDecision<'HUBSPOT_RATE_LIMITED' | 'HUBSPOT_UNAVAILABLE' | 'HUBSPOT_NETWORK'>;

/** Default waits of HubSpot's rate-limit policies when the answer does not say. */
const POLICY_WAIT_MS: Record<string, number> = { TEN_SECONDLY_ROLLING: 10_000, SECONDLY: 1_000 };

export function classify(failure: Failure, ctx: ClassifyContext): Decision {
  if (failure.kind === 'network') {
    if (!ctx.answered && isUnreachable(failure.code)) return { action: 'unreachable', error: unreachable(failure.message, ctx.host) };
    return { action: 'retry', code: 'HUBSPOT_NETWORK', reason: `no answer (${failure.message})`, waitMs: backoffMs(ctx.attempt, ctx.random) };
  }
  const { status } = failure;
  const body = parseErrorBody(failure.body);
  const said = body.message ? `: ${body.message}` : '';

  if (status === 429) {
    const policy = body.policyName ?? 'unknown';
    if (policy === 'DAILY') {
      const until = nextDailyReset(ctx.now, ctx.timeZone);
      return {
        action: 'stop',
        error: new ConnectionError(
          'HUBSPOT_DAILY_LIMIT',
          `HubSpot's daily API limit for this account is spent (every app installed in the account shares it). crm-pulse pauses this connection until ${new Date(until).toISOString()} (midnight, ${ctx.timeZone}) and resumes by itself; to avoid it, sync less often or raise the account's API limit with HubSpot.`,
          until,
        ),
      };
    }
    const interval = Number(failure.headers.get('x-hubspot-ratelimit-interval-milliseconds'));
    const base = Number.isFinite(interval) && interval > 0 ? interval : (POLICY_WAIT_MS[policy] ?? backoffMs(ctx.attempt, ctx.random, 1_000));
    // A little jitter so workers that were refused together do not come back together.
    return { action: 'retry', code: 'HUBSPOT_RATE_LIMITED', reason: `rate limited (${policy})`, waitMs: Math.round(base * (1 + 0.2 * ctx.random())) };
  }

  // Only HubSpot's own refusal speaks about the token: a proxy's or another site's does not.
  if ((status === 401 || status === 403) && !body.category && !body.correlationId) return { action: 'stop', error: notHubSpot(status, ctx) };

  if (status === 401) {
    if (ctx.mayRefresh) return { action: 'refresh' };
    return {
      action: 'stop',
      error: new ConnectionError(
        'HUBSPOT_UNAUTHORIZED',
        `HubSpot rejected the access token (401) on ${ctx.route}. For a Service Key (or a legacy private app), HUBSPOT_ACCESS_TOKEN was rotated or the key deleted: set its current token. For the crm-pulse app, it was uninstalled or its authorization revoked: connect the HubSpot account again.`,
      ),
    };
  }

  if (status === 403) {
    const scopes = missingScopes(body);
    if (body.category === 'MISSING_SCOPES' || scopes.length > 0) {
      return {
        action: 'stop',
        error: new ConnectionError(
          'HUBSPOT_MISSING_SCOPES',
          `HubSpot refused ${ctx.route} for lack of scopes${scopes.length ? ` (${scopes.join(', ')})` : ''}. Grant these scopes (Service Key or legacy private app: add them to the key's or app's scopes in HubSpot; crm-pulse app: reinstall it so the account grants the scopes of manifests/hubspot), then resume the connection.`,
        ),
      };
    }
    return {
      action: 'stop',
      error: new ConnectionError('HUBSPOT_FORBIDDEN', `HubSpot refused ${ctx.route} (403)${said}. Check that the app is installed in this account and the account's subscription includes the objects crm-pulse reads.`),
    };
  }

  if (status >= 500 || status === 408 || status === 423) {
    return { action: 'retry', code: 'HUBSPOT_UNAVAILABLE', reason: `HubSpot answered ${status}`, waitMs: backoffMs(ctx.attempt, ctx.random) };
  }

  const category = body.category ? ` ${body.category}` : '';
  return { action: 'skip', error: new RecordError('HUBSPOT_REJECTED', `HubSpot rejected ${ctx.route} (${status}${category})${said}`) };
}

function unreachable(cause: string, host: string): UnreachableError {
  return new UnreachableError(
    'HUBSPOT_UNREACHABLE',
    `HubSpot at ${host} (HUBSPOT_BASE_URL) cannot be reached: ${cause}. Set HUBSPOT_BASE_URL to HubSpot's API (https://api.hubapi.com, its default) or to a proxy that reaches it, and check DNS and the network from this host.`,
  );
}

function notHubSpot(status: number, ctx: ClassifyContext): ConnectionError {
  return new ConnectionError(
    'HUBSPOT_NOT_HUBSPOT',
    `The host at HUBSPOT_BASE_URL (${ctx.host}) does not look like HubSpot (status ${status} on ${ctx.route}, without HubSpot's error body). Set HUBSPOT_BASE_URL to https://api.hubapi.com (its default) or to a proxy that passes HubSpot's answers through.`,
  );
}

function missingScopes(body: ReturnType<typeof parseErrorBody>): string[] {
  const found = new Set<string>();
  for (const context of [body.context, ...(body.errors ?? []).map((e) => e.context)]) {
    for (const key of ['requiredGranularScopes', 'requiredScopes', 'missingScopes']) {
      for (const scope of context?.[key] ?? []) found.add(scope);
    }
  }
  return [...found];
}
