// The retry / refresh / stop / skip decision, a pure function, tested with hand-built failures;
// and the waits it relies on (backoff, the daily-limit reset in the account's time zone).
import { describe, expect, it } from 'vitest';
import { checkTimeZone, nextDailyReset } from '../../../src/connectors/hubspot/waits.ts';
import { backoffMs } from '../../../src/connectors/retry.ts';
import { ConnectionError, RecordError, UnreachableError } from '../../../src/model/errors.ts';
import { classify, type ClassifyContext, type Failure } from '../../../src/connectors/hubspot/classify.ts';
import { describeNetworkError, networkCode } from '../../../src/connectors/network.ts';

const NOW = Date.UTC(2026, 10, 20, 15, 30);
const ctx: ClassifyContext = { route: 'POST /crm/objects/2026-09/companies/batch/update', attempt: 1, mayRefresh: true, now: NOW, random: () => 0.5, timeZone: 'UTC', host: 'api.hubapi.com', answered: true };
const invalidAuth = { status: 'error', message: 'Authentication credentials not found.', correlationId: '4f1c2b9e-0000-4000-8000-000000000000', category: 'INVALID_AUTHENTICATION' };

function http(status: number, body: unknown = null, headers: Record<string, string> = {}): Failure {
  return { kind: 'http', status, body, headers: new Headers(headers) };
}

const rateLimit = (policyName: string) => ({
  status: 'error',
  message: `You have reached your ${policyName.toLowerCase()} limit.`,
  errorType: 'RATE_LIMIT',
  correlationId: 'c0ffee00-0000-4000-8000-000000000000',
  policyName,
});

describe('classify', () => {
  it('retries a TEN_SECONDLY 429 after the interval HubSpot names, with jitter', () => {
    const d = classify(http(429, rateLimit('TEN_SECONDLY_ROLLING'), { 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' }), ctx);
    expect(d).toEqual({ action: 'retry', code: 'HUBSPOT_RATE_LIMITED', reason: 'rate limited (TEN_SECONDLY_ROLLING)', waitMs: 11_000 });
  });

  it('retries a SECONDLY 429 after a second when no interval header came', () => {
    const d = classify(http(429, rateLimit('SECONDLY')), ctx);
    expect(d).toMatchObject({ action: 'retry', code: 'HUBSPOT_RATE_LIMITED', waitMs: 1_100 });
  });

  it('stops the connection on a DAILY 429 until midnight in the account time zone', () => {
    const d = classify(http(429, rateLimit('DAILY')), { ...ctx, timeZone: 'America/New_York' });
    expect(d.action).toBe('stop');
    const error = (d as { error: ConnectionError }).error;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('HUBSPOT_DAILY_LIMIT');
    // 15:30 UTC is 10:30 in New York (EST, UTC-5 in November): the reset is 05:00 UTC next day.
    expect(error.until).toBe(Date.UTC(2026, 10, 21, 5, 0));
    expect(error.message).toContain('2026-11-21T05:00:00.000Z');
    expect(error.message).toContain('resumes by itself');
  });

  it('retries 5xx and network failures with growing, jittered backoff', () => {
    expect(classify(http(502), ctx)).toEqual({ action: 'retry', code: 'HUBSPOT_UNAVAILABLE', reason: 'HubSpot answered 502', waitMs: 375 });
    expect(classify(http(503), { ...ctx, attempt: 3 })).toMatchObject({ waitMs: 1_500 });
    expect(classify({ kind: 'network', message: 'ECONNRESET' }, { ...ctx, attempt: 2 })).toMatchObject({ action: 'retry', code: 'HUBSPOT_NETWORK', waitMs: 750 });
  });

  it('asks for a token refresh on the first 401 and stops on one after it', () => {
    expect(classify(http(401, { status: 'error', message: 'expired', category: 'EXPIRED_AUTHENTICATION' }), ctx)).toEqual({ action: 'refresh' });
    const d = classify(http(401, invalidAuth), { ...ctx, mayRefresh: false });
    expect(d.action).toBe('stop');
    expect((d as { error: ConnectionError }).error.code).toBe('HUBSPOT_UNAUTHORIZED');
    expect((d as { error: ConnectionError }).error.message).toMatch(/HUBSPOT_ACCESS_TOKEN.*connect the HubSpot account again/s);
  });

  it('stops on a 403 for missing scopes and names them', () => {
    const body = {
      status: 'error',
      message: "This app hasn't been granted all required scopes to make this call.",
      category: 'MISSING_SCOPES',
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['crm.objects.companies.write'] } }],
    };
    const d = classify(http(403, body), ctx);
    const error = (d as { error: ConnectionError }).error;
    expect(d.action).toBe('stop');
    expect(error.code).toBe('HUBSPOT_MISSING_SCOPES');
    expect(error.message).toContain('crm.objects.companies.write');
    expect(error.message).toContain('Service Key or legacy private app');
  });

  it('skips the records of a request HubSpot refuses as invalid', () => {
    const d = classify(http(400, { status: 'error', message: 'Property values were not valid', category: 'VALIDATION_ERROR' }), ctx);
    expect(d.action).toBe('skip');
    const error = (d as { error: RecordError }).error;
    expect(error).toBeInstanceOf(RecordError);
    expect(error.message).toBe('HubSpot rejected POST /crm/objects/2026-09/companies/batch/update (400 VALIDATION_ERROR): Property values were not valid');
  });

  it('calls a 401 / 403 without HubSpot\'s error body a wrong host, not a token problem', () => {
    for (const [status, body] of [
      [401, '<html><body>Sign in</body></html>'],
      [403, { error: 'forbidden', status: 403 }],
      [401, null],
    ] as const) {
      const d = classify(http(status, body), ctx);
      expect(d.action).toBe('stop');
      const error = (d as { error: ConnectionError }).error;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.code).toBe('HUBSPOT_NOT_HUBSPOT');
      expect(error.message).toContain(`The host at HUBSPOT_BASE_URL (api.hubapi.com) does not look like HubSpot (status ${status}`);
    }
  });

  it('fails fast, naming HUBSPOT_BASE_URL, the host and the cause, while HubSpot has never answered', () => {
    // What fetch throws for a name that does not resolve.
    const lookup = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.hubapi.invalid'), { code: 'ENOTFOUND' }) });
    const message = describeNetworkError(lookup);
    expect(message).toBe('fetch failed (ENOTFOUND)');
    const failure: Failure = { kind: 'network', message, code: networkCode(lookup) };
    const d = classify(failure, { ...ctx, host: 'api.hubapi.invalid', answered: false });
    expect(d.action).toBe('unreachable');
    const error = (d as { error: UnreachableError }).error;
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.code).toBe('HUBSPOT_UNREACHABLE');
    expect(error.message).toMatch(/^HubSpot at api\.hubapi\.invalid \(HUBSPOT_BASE_URL\) cannot be reached: fetch failed \(ENOTFOUND\)\. Set HUBSPOT_BASE_URL/);
    // Once it has answered, the same fault is a blip: retried; so is a reset, where something listened.
    expect(classify(failure, ctx)).toMatchObject({ action: 'retry', code: 'HUBSPOT_NETWORK' });
    expect(classify({ kind: 'network', message: 'fetch failed (ECONNRESET)', code: 'ECONNRESET' }, { ...ctx, answered: false })).toMatchObject({ action: 'retry' });
    expect(networkCode(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }))).toBe('TIMEOUT');
    const timeout = Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' });
    expect(describeNetworkError(new TypeError('fetch failed', { cause: timeout }))).toBe('no connection before the timeout');
  });

  it('reads a body that is not HubSpot JSON (a proxy page) without failing', () => {
    expect(classify(http(502, '<html>Bad gateway</html>'), ctx).action).toBe('retry');
    expect(classify(http(429, 'slow down'), ctx)).toMatchObject({ action: 'retry', code: 'HUBSPOT_RATE_LIMITED' });
  });
});

describe('waits', () => {
  it('backs off exponentially up to a cap, half fixed and half random', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect(backoffMs(1, () => 1)).toBe(500);
    expect(backoffMs(20, () => 1)).toBe(30_000);
  });

  it('finds the next midnight in a time zone, across a DST change', () => {
    expect(nextDailyReset(Date.UTC(2026, 10, 20, 23, 59), 'UTC')).toBe(Date.UTC(2026, 10, 21));
    expect(nextDailyReset(Date.UTC(2026, 6, 1, 12), 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 22));
    // Berlin leaves summer time on 2026-10-25: midnight of the 26th is 23:00 UTC on the 25th.
    expect(nextDailyReset(Date.UTC(2026, 9, 25, 12), 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 23));
  });

  it('names a bad time zone setting', () => {
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(/"Mars\/Olympus" is not an IANA time zone/);
  });
});
