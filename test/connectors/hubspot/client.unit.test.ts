// The client layer through the connector: rate-limit retries, the DAILY stop, 5xx and network
// retries, what a create does not repeat, answers of an unexpected shape, the shared limiter's
// search bucket, and call counts by route and outcome.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConnectionError, RetryableError } from '../../../src/model/errors.ts';
import { BASE, COMPANY_PROPERTIES, mockCompanyProperties, NOW, testConnector, useNock } from './helpers.ts';

// GET /crm/properties/2026-09/companies (PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json)
const PROPERTIES = '/crm/properties/2026-09/companies';
const rateLimited = (policyName: string) => ({ status: 'error', message: 'You have reached your limit.', errorType: 'RATE_LIMIT', correlationId: 'x', policyName });

describe('HubSpot client layer', () => {
  useNock();

  it('waits and retries a 429 TEN_SECONDLY, then succeeds', async () => {
    const { connector, recorder, waits } = testConnector();
    nock(BASE)
      .get(PROPERTIES)
      .reply(429, rateLimited('TEN_SECONDLY_ROLLING'), { 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000', 'X-HubSpot-RateLimit-Max': '110', 'X-HubSpot-RateLimit-Remaining': '0' });
    mockCompanyProperties();
    const fields = await connector.accountFields();
    expect(fields.find((f) => f.name === 'hubspot_owner_id')).toEqual({ name: 'hubspot_owner_id', label: 'Company owner', kind: 'reference', crmType: 'enumeration' });
    expect(waits).toEqual([11_000]);
    expect(recorder.count(`GET ${PROPERTIES}`, 'rate_limited')).toBe(1);
    expect(recorder.count(`GET ${PROPERTIES}`, 'ok')).toBe(1);
  });

  it('stops on a DAILY 429 without retrying, until the reset', async () => {
    const { connector, recorder } = testConnector({ timeZone: 'Europe/Berlin' });
    nock(BASE).get(PROPERTIES).reply(429, rateLimited('DAILY'));
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'HUBSPOT_DAILY_LIMIT', until: Date.UTC(2026, 10, 20, 23, 0) });
    expect(recorder.total).toBe(1);
  });

  it('retries 5xx answers and lost connections with backoff', async () => {
    const { connector, waits, recorder } = testConnector();
    nock(BASE).get(PROPERTIES).reply(502, '<html>Bad gateway</html>').get(PROPERTIES).replyWithError('socket hang up').get(PROPERTIES).reply(503, { status: 'error', message: 'unavailable' });
    mockCompanyProperties();
    expect(await connector.accountFields()).toHaveLength(COMPANY_PROPERTIES.length);
    expect(waits).toEqual([375, 750, 1_500]);
    expect([...recorder.counts()]).toEqual([
      [`GET ${PROPERTIES} server_error`, 2],
      [`GET ${PROPERTIES} network_error`, 1],
      [`GET ${PROPERTIES} ok`, 1],
    ]);
  });

  it('gives the job back as retryable after its attempts run out', async () => {
    const { connector } = testConnector({ maxAttempts: 3 });
    nock(BASE).get(PROPERTIES).times(3).reply(500, { status: 'error', message: 'internal error' });
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'HUBSPOT_UNAVAILABLE', waitMs: 1_500 });
    expect((error as Error).message).toBe('GET /crm/properties/2026-09/companies: HubSpot answered 500, still after 3 attempts; the job will be retried later');
  });

  it('does not repeat a create whose outcome is unknown', async () => {
    const { connector, recorder } = testConnector();
    // POST /crm/objects/2026-09/tasks/batch/create (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json)
    nock(BASE).post('/crm/objects/2026-09/tasks/batch/create').reply(504, { status: 'error', message: 'gateway timeout' });
    const [outcome] = await connector.createTasks([{ accountId: '1', kind: 'rescue', key: 'rescue:1:2026-11-20', ownerId: null, subject: 's', body: 'b', dueAt: NOW, dealId: null, plannedAt: NOW }]);
    expect(outcome!.crmId).toBeNull();
    expect(outcome!.error).toBeInstanceOf(RetryableError);
    expect(outcome!.error!.message).toContain('reconciled by key');
    expect(recorder.total).toBe(1);
  });

  it('stops with a clear message when an answer has a shape it cannot read', async () => {
    const { connector } = testConnector();
    nock(BASE).get(PROPERTIES).reply(200, { results: [{ label: 'no name' }] });
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HUBSPOT_UNEXPECTED_ANSWER' });
    expect((error as Error).message).toMatch(/results\.0\.name.*report it/s);
  });

  it('sends the bearer token and keeps searches within their own per-second bucket', async () => {
    const { connector, waits } = testConnector();
    // POST /crm/objects/2026-09/{meetings,calls,tickets,deals}/search
    // (PublicApiSpecs/CRM/*/Rollouts/424/2026-09/*.json): one search per type the rules read.
    nock(BASE, { reqheaders: { authorization: 'Bearer pat-test-token' } })
      .post(/^\/crm\/objects\/2026-09\/\w+\/search$/)
      .times(8)
      .reply(200, { total: 0, results: [] });
    const first = connector.readActivityChanges(null);
    const { value } = await first[Symbol.asyncIterator]().next();
    // Two reads to the end, every type searched in each: 8 searches at 4 a second.
    for (let pass = 0; pass < 2; pass++) {
      for await (const _page of connector.readActivityChanges(value!.checkpoint)) {
        // Read to the end.
      }
    }
    // The fifth search waits for the first second's window to pass; the last three fit in the next.
    expect(waits).toEqual([1_000]);
  });
});
