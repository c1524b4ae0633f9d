// Failures by class through a whole run: HubSpot refusing the token stops the connection (the
// admin must act) and the run exits 1 naming why; the daily limit pauses it until the reset; a
// Salesforce connection is refused as not supported yet; the retry wait follows the error.
import nock from 'nock';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { createConnector } from '../../src/connectors/factory.ts';
import { ConnectionError, RetryableError } from '../../src/errors.ts';
import { retryDelay } from '../../src/jobs/failures.ts';
import { KEY_A } from '../http/server.ts';
import { withOverrides } from './connector-wrapper.ts';
import { BASE, MAPPING_FILE, quietIO, useHarness } from './harness.ts';

const h = useHarness();
const stored = { CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '', CRM_PULSE_ENCRYPTION_KEY: KEY_A };

async function storedConnection(kind: 'hubspot' | 'salesforce' = 'hubspot') {
  const rt = await h.runtime(stored);
  await rt.store.connections.put({ id: 'c1', kind, crmAccountId: '12345', credentials: { accessToken: 'pat-revoked' } });
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
            throw new ConnectionError('HUBSPOT_MISSING_SCOPE', 'the app lacks the tickets scope; reinstall it');
          },
        }),
    });
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(code).toBe(1);
    expect(summary!.errors[0]).toEqual({ code: 'HUBSPOT_MISSING_SCOPE', message: 'the app lacks the tickets scope; reinstall it', accountId: null });
    expect((await rt.store.runs.list('env-hubspot'))[0]).toMatchObject({ status: 'failed' });
  });

  it('refuses a Salesforce connection as not supported yet, before queueing anything', async () => {
    const rt = await storedConnection('salesforce');
    const result = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(result.code).toBe(2);
    expect(result.message).toMatch(/Salesforce.*supports HubSpot only/);
    expect(await rt.queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0 });
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
