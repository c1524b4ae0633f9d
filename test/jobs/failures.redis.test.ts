// Failures by class through a whole run: HubSpot refusing the token stops the connection (the
// admin must act) and the run exits 1 naming why; the daily limit pauses it until the reset; a
// Salesforce org past crm-pulse's share of its API budget pauses the connection, and the summary
// and the connection status say so and until when; the retry wait follows the error.
import nock from 'nock';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/cli/run-report.ts';
import { runCycle } from '../../src/cli/run.ts';
import { createConnector } from '../../src/connectors/factory.ts';
import { ConnectionError, RetryableError } from '../../src/model/errors.ts';
import { retryDelay } from '../../src/jobs/failures.ts';
import { admin, ADMIN_TOKEN, KEY_A, useServers } from '../http/server.ts';
import { withOverrides } from './connector-wrapper.ts';
import { crms, SF_INSTANCE, SF_TOKEN } from './crms.ts';
import { BASE, MAPPING_FILE, quietIO, useHarness } from './harness.ts';

const h = useHarness();
const serve = useServers();
const stored = { CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '', CRM_PULSE_ENCRYPTION_KEY: KEY_A };

async function storedConnection() {
  const rt = await h.runtime(stored);
  await rt.store.connections.put({ id: 'c1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: 'pat-revoked' } });
  await rt.store.mappings.put('c1', JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
  return rt;
}

describe('a run that cannot finish', () => {
  it('stops the connection HubSpot refuses, and exits 1 saying why', async () => {
    nock(BASE).persist().get(/.*/).reply(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' });
    const rt = await storedConnection();
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(code).toBe(1);
    expect(summary!.connections[0]).toMatchObject({ status: 'failed', error: { code: 'HUBSPOT_UNAUTHORIZED' } });
    expect((await rt.store.connections.get('c1'))?.status).toMatchObject({ state: 'stopped', code: 'HUBSPOT_UNAUTHORIZED' });
    expect((await rt.store.runs.list('c1'))[0]).toMatchObject({ status: 'failed' });
  });

  it('pauses the connection until the reset when the daily limit is spent', async () => {
    nock(BASE).persist().get(/.*/).reply(429, { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
    const rt = await storedConnection();
    expect((await runCycle(rt, { full: false, dryRun: false }, quietIO())).code).toBe(1);
    const status = (await rt.store.connections.get('c1'))?.status;
    expect(status).toMatchObject({ state: 'paused', until: expect.any(Number) });
    expect(status?.state === 'paused' && status.until! > Date.now()).toBe(true);
  });

  it('fails the cycle when one of its batches fails for good, naming the batch\'s error', async () => {
    h.portal(30);
    const rt = await h.runtime({}, {
      createConnector: (target, deps) =>
        withOverrides(createConnector(target, deps), {
          readHistory: async () => {
            throw new ConnectionError('HUBSPOT_MISSING_SCOPES', 'the app lacks the tickets scope; reinstall it');
          },
        }),
    });
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(code).toBe(1);
    expect(summary!.errors[0]).toEqual({ code: 'HUBSPOT_MISSING_SCOPES', message: 'the app lacks the tickets scope; reinstall it', accountId: null });
    expect((await rt.store.runs.list('env-hubspot'))[0]).toMatchObject({ status: 'failed' });
  });

  it('pauses a Salesforce connection when the org passes the API budget share, and says until when', async () => {
    const salesforce = crms().find((c) => c.kind === 'salesforce')!;
    const org = salesforce.start(30);
    // Other integrations made 85,000 of the org's 100,000 calls: past crm-pulse's 80 %.
    org.setOtherCalls(85_000);
    const rt = await h.runtime({ ...stored, CRM_PULSE_ADMIN_TOKEN: ADMIN_TOKEN }, salesforce.runtimeOptions());
    await rt.store.connections.put({ id: 'sf1', kind: 'salesforce', crmAccountId: '00Dtest000000001AAA', credentials: { accessToken: SF_TOKEN, instanceUrl: SF_INSTANCE } });
    const started = Date.now();
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quietIO());

    expect(code).toBe(1);
    const c = summary!.connections[0]!;
    expect(c).toMatchObject({ connectionId: 'sf1', status: 'paused', error: { code: 'SALESFORCE_DAILY_BUDGET' }, apiUsage: { used: 85_001, max: 100_000, share: 0.85001, pauseAtShare: 0.8 } });
    // One call read the usage; the pause lasts an hour from that reading, then one call looks again.
    expect(org.valueWriteCalls() + org.taskCreateCalls()).toBe(0);
    const until = Date.parse(c.pausedUntil!);
    expect(until).toBeGreaterThanOrEqual(started + 3_600_000);
    expect(until).toBeLessThan(Date.now() + 3_600_000);
    const printed = formatRunSummary(summary!);
    expect(printed).toContain(`sf1: ${c.mode} run ${c.runId} paused until ${c.pausedUntil} (crm-pulse resumes by itself): SALESFORCE_DAILY_BUDGET: the org has used 85,001 of its 100,000 API calls`);
    expect(printed).toContain('API budget: 85,001 of 100,000 calls in the last 24 hours (85 %, all of the org\'s integrations); crm-pulse pauses at 80 %');

    // The connection's status says the same, for the admin and for the schedule (which skips it until then).
    expect((await rt.store.connections.get('sf1'))?.status).toMatchObject({ state: 'paused', until, reason: expect.stringMatching(/^SALESFORCE_DAILY_BUDGET: /) });
    const base = await serve(rt);
    const status = (await (await fetch(`${base}/api/connections/sf1`, { headers: admin })).json()) as { connection: { status: unknown }; apiUsage: unknown; runs: { status: string; errors: unknown[] }[] };
    expect(status.connection.status).toMatchObject({ state: 'paused', until });
    expect(status.apiUsage).toEqual(c.apiUsage);
    expect(status.runs[0]).toMatchObject({ status: 'failed', errors: [{ code: 'SALESFORCE_DAILY_BUDGET', until }] });
  });
});

describe('retryDelay', () => {
  it('waits what a retryable error asks for, else backs off doubling up to 5 minutes', () => {
    expect(retryDelay(1, 'pulse', new RetryableError('HUBSPOT_RATE_LIMITED', 'slow down', 9_500))).toBe(9_500);
    expect(retryDelay(1, 'pulse', new Error('socket hang up'))).toBe(2_000);
    expect(retryDelay(3, 'pulse', new Error('socket hang up'))).toBe(8_000);
    expect(retryDelay(20, 'pulse', new Error('socket hang up'))).toBe(300_000);
  });
});
