// A CRM URL that is wrong, for both connectors: a port nothing listens on fails the first call at
// once, naming the setting, the host and the cause, where it used to be retried five times; a
// host that answers 401 / 403 with a page that is not the CRM's is called a wrong host, not a bad
// token; the CRM's own 401 is still a token problem; and once the CRM has answered, a network
// fault is retried with backoff as before.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, RetryableError, UnreachableError } from '../../src/model/errors.ts';
import { BASE, COMPANY_PROPERTIES, testConnector as hubspot, useNock } from './hubspot/helpers.ts';
import { INSTANCE, V, testConnector as salesforce } from './salesforce/helpers.ts';

useNock();

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A local server answering every request with `status` and an HTML sign-in page. */
async function htmlServer(status: number): Promise<string> {
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end('<html><body>Please sign in</body></html>'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port that was free a moment ago: nothing listens on it, so connecting is refused. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('HubSpot at a wrong HUBSPOT_BASE_URL', () => {
  it('fails the first call at once when nothing answers, naming the setting, host and cause', async () => {
    const url = await closedPort();
    const { connector, waits } = hubspot({ baseUrl: url });
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error).toMatchObject({ code: 'HUBSPOT_UNREACHABLE' });
    expect((error as Error).message).toContain(`HubSpot at ${url.slice(7)} (HUBSPOT_BASE_URL) cannot be reached: fetch failed (ECONNREFUSED)`);
    expect(waits).toEqual([]);
  });

  it('calls a 401 in HTML a host that is not HubSpot, not a token problem', async () => {
    const url = await htmlServer(401);
    const error = await hubspot({ baseUrl: url }).connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'HUBSPOT_NOT_HUBSPOT' });
    expect((error as Error).message).toContain(`The host at HUBSPOT_BASE_URL (${url.slice(7)}) does not look like HubSpot (status 401`);
  });

  it("still calls HubSpot's own 401 a token problem", async () => {
    nock(BASE)
      .get('/crm/properties/2026-09/companies')
      .reply(401, { status: 'error', message: 'Authentication credentials not found.', correlationId: '0d7e5a3c-0000-4000-8000-000000000000', category: 'INVALID_AUTHENTICATION' });
    await expect(hubspot().connector.accountFields()).rejects.toMatchObject({ code: 'HUBSPOT_UNAUTHORIZED', message: expect.stringContaining('HubSpot rejected the access token (401)') });
  });

  it('retries a network fault with backoff once HubSpot has answered', async () => {
    const { connector, waits } = hubspot();
    nock(BASE).get('/crm/properties/2026-09/companies').reply(200, { results: COMPANY_PROPERTIES });
    await connector.accountFields();
    nock(BASE).get('/crm/properties/2026-09/companies').times(5).replyWithError('socket hang up');
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).not.toBeInstanceOf(UnreachableError);
    expect(error).toMatchObject({ code: 'HUBSPOT_NETWORK' });
    expect(waits).toHaveLength(4);
  });
});

describe('Salesforce at a wrong instance URL', () => {
  it('fails the first call at once when nothing answers, naming the setting, host and cause', async () => {
    const url = await closedPort();
    const { connector, waits } = salesforce({ instanceUrl: url });
    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error).toMatchObject({ code: 'SALESFORCE_UNREACHABLE' });
    expect((error as Error).message).toContain(`Salesforce at ${url.slice(7)} (SALESFORCE_INSTANCE_URL`);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(waits).toEqual([]);
  });

  it('calls a 401 in HTML a host that is not Salesforce, and keeps the token message for its own', async () => {
    const url = await htmlServer(401);
    const error = await salesforce({ instanceUrl: url }).connector.accountFields().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SALESFORCE_NOT_SALESFORCE' });
    expect((error as Error).message).toContain(`The host at ${url.slice(7)} (SALESFORCE_INSTANCE_URL`);
    expect((error as Error).message).toContain('does not look like Salesforce (status 401');
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    await expect(salesforce().connector.accountFields()).rejects.toMatchObject({ code: 'SALESFORCE_UNAUTHORIZED' });
  });
});
