// The client layer through the connector: the org's API budget read from Sforce-Limit-Info and
// the pause at 80 % of it, REQUEST_LIMIT_EXCEEDED as a rate limit (the 24-hour allocation pauses,
// the concurrency limit is retried), 5xx and lost connections retried with backoff, and answers
// of a shape crm-pulse does not read.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, RetryableError } from '../../../src/model/errors.ts';
import { accountDescribe, INSTANCE, NOW, testConnector, useNock, V } from './helpers.ts';

// GET /sobjects/Account/describe (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm)
const DESCRIBE = `${V}/sobjects/Account/describe`;
const limitExceeded = (message: string) => [{ message, errorCode: 'REQUEST_LIMIT_EXCEEDED' }];

describe('the API budget', () => {
  useNock();

  it('pauses the connection once the org has used 80 % of its 24-hour allocation, and says so', async () => {
    const { connector, recorder } = testConnector();
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
    nock(INSTANCE).get(DESCRIBE).reply(200, accountDescribe(), { 'Sforce-Limit-Info': 'api-usage=79999/100000' });
    nock(INSTANCE).get(DESCRIBE).reply(200, accountDescribe(), { 'Sforce-Limit-Info': 'api-usage=80000/100000; api-bursts=3/750' });
    await connector.accountFields();
    expect(connector.apiUsage()).toEqual({ used: 79_999, max: 100_000, share: 0.79999, pauseAtShare: 0.8, at: NOW });
    await connector.accountFields();

    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'SALESFORCE_DAILY_BUDGET', action: 'stop', until: NOW + 3_600_000 });
    expect((error as Error).message).toMatch(/^the org has used 80,000 of its 100,000 API calls of the last 24 hours \(80 %\), at or above crm-pulse's pause share of 80 %\. .*looks again at 2026-11-20T13:00:00\.000Z/);
    // The third call was not sent.
    expect(recorder.total).toBe(2);
  });

  it('looks again once the pause has run, and goes on when usage has dropped', async () => {
    let now = NOW;
    const { connector, recorder } = testConnector({ now: () => now });
    nock(INSTANCE).get(DESCRIBE).reply(200, accountDescribe(), { 'Sforce-Limit-Info': 'api-usage=85000/100000' });
    await connector.accountFields();
    now += 30 * 60_000;
    await expect(connector.accountFields()).rejects.toMatchObject({ code: 'SALESFORCE_DAILY_BUDGET', until: NOW + 3_600_000 });
    now = NOW + 3_600_000;
    nock(INSTANCE).get(DESCRIBE).times(2).reply(200, accountDescribe(), { 'Sforce-Limit-Info': 'api-usage=70000/100000' });
    await connector.accountFields();
    await connector.accountFields();
    expect(recorder.total).toBe(3);
    expect(connector.apiUsage()).toMatchObject({ used: 70_000, share: 0.7 });
  });

  it('takes the pause share from the connection settings', async () => {
    const { connector } = testConnector({ budgetShare: 0.5, budgetRecheckMs: 600_000 });
    nock(INSTANCE).get(DESCRIBE).reply(200, accountDescribe(), { 'Sforce-Limit-Info': 'api-usage=50000/100000' });
    await connector.accountFields();
    await expect(connector.accountFields()).rejects.toMatchObject({ code: 'SALESFORCE_DAILY_BUDGET', until: NOW + 600_000 });
  });
});

describe('REQUEST_LIMIT_EXCEEDED', () => {
  useNock();

  it('is a pause of the connection, not a failure of the data, when the 24-hour allocation is spent', async () => {
    const { connector, recorder } = testConnector();
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm (403)
    nock(INSTANCE).get(DESCRIBE).reply(403, limitExceeded('TotalRequests Limit exceeded.'));
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'SALESFORCE_DAILY_BUDGET', until: NOW + 3_600_000 });
    expect((error as Error).message).toContain("Salesforce refused a call because the org's API allocation for the last 24 hours is spent (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.)");
    expect(recorder.count(`GET /sobjects/Account/describe`, 'auth_error')).toBe(1);
    expect(recorder.total).toBe(1);
  });

  it('is waited out and retried when it is the concurrent-request limit', async () => {
    const { connector, waits } = testConnector();
    nock(INSTANCE).get(DESCRIBE).reply(403, limitExceeded('ConcurrentPerOrgLongTxn Limit exceeded.'));
    nock(INSTANCE).get(DESCRIBE).reply(200, accountDescribe());
    expect((await connector.accountFields()).length).toBeGreaterThan(0);
    expect(waits).toEqual([1_500]);
  });
});

describe('transient failures', () => {
  useNock();
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('retries 5xx answers with jittered backoff and gives the job back after its attempts', async () => {
    const { connector, waits, recorder } = testConnector({ maxAttempts: 3 });
    nock(INSTANCE).get(DESCRIBE).times(3).reply(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Service unavailable' }]);
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'SALESFORCE_UNAVAILABLE', waitMs: 1_500 });
    expect(waits).toEqual([375, 750]);
    expect(recorder.count('GET /sobjects/Account/describe', 'server_error')).toBe(3);
  });

  it('retries a lost connection', async () => {
    // A real socket closed mid-request: jsforce's HTTP client (undici) reports it as no answer.
    let requests = 0;
    server = createServer((req, res) => {
      requests += 1;
      if (requests === 1) req.socket.destroy();
      else res.writeHead(200, { 'content-type': 'application/json', 'sforce-limit-info': 'api-usage=10/100000' }).end(JSON.stringify(accountDescribe()));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { connector, waits, recorder } = testConnector({ instanceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    expect((await connector.accountFields()).length).toBeGreaterThan(0);
    expect(waits).toEqual([375]);
    expect([...recorder.counts()]).toEqual([
      ['GET /sobjects/Account/describe network_error', 1],
      ['GET /sobjects/Account/describe ok', 1],
    ]);
  });

  it('stops with a clear message when an answer has a shape it cannot read', async () => {
    const { connector } = testConnector();
    nock(INSTANCE).get(DESCRIBE).reply(200, { name: 'Account', fields: [{ label: 'no name' }] });
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SALESFORCE_UNEXPECTED_ANSWER' });
    expect((error as Error).message).toMatch(/fields\.0\.name.*report it/s);
  });
});
