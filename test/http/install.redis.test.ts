// The install flows. HubSpot: /install/hubspot sends the admin to HubSpot's consent page with a
// single-use state; the callback checks it, trades the code for tokens, stores the connection
// with its credentials sealed, creates crm-pulse's fields, schedules it and queues its first sync.
// Salesforce: the same on the login or sandbox domain the admin chose, the code traded there, the
// org's instance URL stored with the tokens, and the org checked instead of changed: an org that
// lacks crm-pulse's fields gets the deploy report and a stopped connection until connected again.
// Nothing secret reaches the logs.
import { Writable } from 'node:stream';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { READY_DESCRIBES } from '../../bench/salesforce-fake.ts';
import { REQUIRED_SCOPES } from '../../src/connectors/hubspot/index.ts';
import type { Runtime } from '../../src/cli/runtime.ts';
import { createLogger } from '../../src/observe/logger.ts';
import { crms, SF_INSTANCE } from '../jobs/crms.ts';
import { BASE, useHarness } from '../jobs/harness.ts';
import { CLIENT_SECRET, PUBLIC_URL, SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();
const ACCESS = 'oauth-access-token-secret-1';
const REFRESH = 'oauth-refresh-token-secret-2';

function memoryLog(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  return { lines, stream: new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString('utf8')), done()) }) };
}

describe('HubSpot install flow', () => {
  it('connects a portal: state checked once, tokens sealed, fields created, scheduled, first sync queued', async () => {
    // POST /oauth/2026-09/token (PublicApiSpecs/Auth/Oauth/Rollouts/279897/2026-09/oauth.json), before the portal's catch-all.
    nock(BASE)
      .post('/oauth/2026-09/token', (body: Record<string, string>) => body.grant_type === 'authorization_code' && body.code === 'the-code' && body.client_secret === CLIENT_SECRET && body.redirect_uri === `${PUBLIC_URL}/oauth/hubspot/callback`)
      .reply(200, { access_token: ACCESS, refresh_token: REFRESH, expires_in: 1800, token_type: 'bearer', hub_id: 4242 });
    const { portal } = h.portal(3);
    const log = memoryLog();
    const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '' }, { logger: createLogger({ level: 'debug', destination: log.stream }) });
    const base = await serve(rt);

    const start = await fetch(`${base}/install/hubspot`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const consent = new URL(start.headers.get('location')!);
    expect(`${consent.origin}${consent.pathname}`).toBe('https://app.hubspot.com/oauth/authorize');
    expect(consent.searchParams.get('client_id')).toBe('client-id-1');
    expect(consent.searchParams.get('scope')).toBe(REQUIRED_SCOPES.join(' '));
    expect(consent.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/oauth/hubspot/callback`);
    const state = consent.searchParams.get('state')!;
    // An install link cannot name a connection to take over: a portal's connection is found by its hub id.
    expect((await fetch(`${base}/install/hubspot?connection=env-hubspot`, { redirect: 'manual' })).status).toBe(400);

    const forged = await fetch(`${base}/oauth/hubspot/callback?code=the-code&state=${'x'.repeat(43)}`);
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('BAD_STATE');

    const back = await fetch(`${base}/oauth/hubspot/callback?code=the-code&state=${state}`);
    expect(back.status).toBe(200);
    const page = await back.text();
    expect(page).toContain('hubspot-4242');
    // The page works under helmet's default Content-Security-Policy: no inline script or style.
    expect(back.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page).not.toMatch(/<script|<style|style=/i);

    const connection = await rt.store.connections.get('hubspot-4242');
    expect(connection).toMatchObject({ kind: 'hubspot', crmAccountId: '4242', status: { state: 'active' }, credentials: { accessToken: ACCESS, refreshToken: REFRESH } });
    const raw = await h.redis.get(rt.store.keys.connection('hubspot-4242'));
    expect(raw).not.toContain(ACCESS);
    expect(raw).not.toContain(REFRESH);
    expect(portal.requests.some((r) => r.method === 'POST' && r.path === '/crm/properties/2026-09/companies/batch/create')).toBe(true);
    expect((await rt.queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['tick.backtest.hubspot-4242', 'tick.full.hubspot-4242', 'tick.incremental.hubspot-4242']);
    expect((await rt.queue.getJobs(['waiting'])).filter((j) => j.name === 'sync').map((j) => j.data.connectionId)).toEqual(['hubspot-4242']);

    // The state was used once.
    expect((await fetch(`${base}/oauth/hubspot/callback?code=the-code&state=${state}`)).status).toBe(400);
    const logged = log.lines.join('');
    expect(logged).toContain('HubSpot connected');
    for (const secret of [ACCESS, REFRESH, CLIENT_SECRET, 'the-code']) expect(logged).not.toContain(secret);
  });

  it('redacts credentials a log line would carry', () => {
    const log = memoryLog();
    createLogger({ level: 'info', destination: log.stream }).info({ credentials: { accessToken: ACCESS }, req: { headers: { authorization: `Bearer ${ACCESS}` } }, refreshToken: REFRESH }, 'x');
    expect(log.lines.join('')).not.toMatch(new RegExp(`${ACCESS}|${REFRESH}`));
  });

  it('says which settings the install flow lacks', async () => {
    const rt = await h.runtime({ CRM_PULSE_PUBLIC_URL: PUBLIC_URL });
    const res = await fetch(`${await serve(rt)}/install/hubspot`, { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'HUBSPOT_OAUTH_CONFIG', errors: [expect.stringContaining('HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL')] } });
  });
});

const SF_ENV = { ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_CLIENT_ID: 'sf-consumer-key', SALESFORCE_CLIENT_SECRET: 'sf-consumer-secret-value' };
const SF_CALLBACK = `${PUBLIC_URL}/oauth/salesforce/callback`;
const ORG = '00Dxx0000001gPLEAY';
const SANDBOX = 'https://test.salesforce.com';

/** The org's token endpoint on `loginUrl` trading `code` (POST /services/oauth2/token, web server flow). */
function mockTokenExchange(loginUrl: string, code: string): void {
  nock(loginUrl)
    .post('/services/oauth2/token', (b: Record<string, string>) => b.grant_type === 'authorization_code' && b.code === code && b.client_id === 'sf-consumer-key' && b.client_secret === 'sf-consumer-secret-value' && b.redirect_uri === SF_CALLBACK)
    .reply(200, { access_token: ACCESS, refresh_token: REFRESH, instance_url: SF_INSTANCE, id: `${loginUrl}/id/${ORG}/005xx000001SwiUAAS`, issued_at: String(Date.now()), token_type: 'Bearer', scope: 'api refresh_token' });
}

/** Starts an install and gives the state Salesforce would send back. */
async function consent(base: string, query = ''): Promise<{ consent: URL; state: string }> {
  const start = await fetch(`${base}/install/salesforce${query}`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const url = new URL(start.headers.get('location')!);
  return { consent: url, state: url.searchParams.get('state')! };
}

async function syncsQueued(rt: Runtime): Promise<string[]> {
  return (await rt.queue.getJobs(['waiting'])).filter((j) => j.name === 'sync').map((j) => j.data.connectionId);
}

describe('Salesforce install flow', () => {
  const salesforce = crms().find((c) => c.kind === 'salesforce')!;

  it('connects a sandbox org: state checked once, code traded on the test domain, tokens sealed, org checked, scheduled, first sync queued', async () => {
    const org = salesforce.start(3);
    mockTokenExchange(SANDBOX, 'sf-code');
    const log = memoryLog();
    const rt = await h.runtime(SF_ENV, { logger: createLogger({ level: 'debug', destination: log.stream }) });
    const base = await serve(rt);

    const { consent: url, state } = await consent(base, '?sandbox=1');
    expect(`${url.origin}${url.pathname}`).toBe(`${SANDBOX}/services/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: 'sf-consumer-key', redirect_uri: SF_CALLBACK, scope: 'api refresh_token', state });
    // Without the choice, the consent page is on SALESFORCE_LOGIN_URL.
    expect(new URL((await consent(base)).consent).origin).toBe('https://login.salesforce.com');

    const forged = await fetch(`${base}/oauth/salesforce/callback?code=sf-code&state=${'x'.repeat(43)}`);
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('BAD_STATE');

    const back = await fetch(`${base}/oauth/salesforce/callback?code=sf-code&state=${state}`);
    expect(back.status).toBe(200);
    const page = await back.text();
    expect(page).toContain('crm-pulse is connected');
    expect(page).toContain(`salesforce-${ORG}`);

    const id = `salesforce-${ORG}`;
    const connection = await rt.store.connections.get(id);
    expect(connection).toMatchObject({
      kind: 'salesforce',
      crmAccountId: ORG,
      status: { state: 'active' },
      credentials: { accessToken: ACCESS, refreshToken: REFRESH, instanceUrl: SF_INSTANCE, loginUrl: SANDBOX, expiresAt: expect.any(Number) },
    });
    const raw = await h.redis.get(rt.store.keys.connection(id));
    expect(raw).not.toContain(ACCESS);
    expect(raw).not.toContain(REFRESH);
    // The org was checked with the new token (crm-pulse creates nothing in Salesforce).
    expect(org.schemaSetUp()).toBe(true);
    expect(org.mutations()).toBe(0);
    expect((await rt.queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual([`tick.backtest.${id}`, `tick.full.${id}`, `tick.incremental.${id}`]);
    expect(await syncsQueued(rt)).toEqual([id]);

    expect((await fetch(`${base}/oauth/salesforce/callback?code=sf-code&state=${state}`)).status).toBe(400);
    const logged = log.lines.join('');
    expect(logged).toContain('Salesforce connected');
    for (const secret of [ACCESS, REFRESH, 'sf-consumer-secret-value', 'sf-code']) expect(logged).not.toContain(secret);
  });

  it("shows the deploy report when the org lacks crm-pulse's fields, and starts once the admin deploys and connects again", async () => {
    const without = new Set(['Pulse_Segment__c', 'Pulse_Task_Key__c']);
    salesforce.start(3, { account: READY_DESCRIBES.account.filter(([name]) => !without.has(name)), task: READY_DESCRIBES.task.filter(([name]) => !without.has(name)) });
    mockTokenExchange('https://login.salesforce.com', 'code-1');
    const rt = await h.runtime(SF_ENV);
    const base = await serve(rt);
    const id = `salesforce-${ORG}`;

    const first = await fetch(`${base}/oauth/salesforce/callback?code=code-1&state=${(await consent(base)).state}`);
    expect(first.status).toBe(200);
    const html = await first.text();
    // The report is shown as text: its `<alias>` placeholders are escaped, not tags.
    expect(html).not.toContain('<alias>');
    const page = html.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
    expect(page).toContain('the org is not ready');
    expect(page).toContain('Account fields: 11 of 12 present; missing: Pulse_Segment__c');
    expect(page).toContain('Activity fields: 1 of 2 present; missing: Pulse_Task_Key__c');
    expect(page).toContain('cd manifests/salesforce && sf project deploy start --manifest manifest/package.xml --target-org <alias>');
    expect(page).toContain(`<a href="${PUBLIC_URL}/install/salesforce">`);
    expect((await rt.store.connections.get(id))?.status).toMatchObject({ state: 'stopped', code: 'SALESFORCE_SCHEMA_MISSING', message: expect.stringContaining('missing: Pulse_Segment__c') });
    expect(await syncsQueued(rt)).toEqual([]);

    // Deployed: the same org connected again is the same connection, now active with its first sync.
    nock.cleanAll();
    salesforce.start(3);
    mockTokenExchange('https://login.salesforce.com', 'code-2');
    const again = await fetch(`${base}/oauth/salesforce/callback?code=code-2&state=${(await consent(base)).state}`);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('crm-pulse is connected');
    expect(await rt.store.connections.list()).toMatchObject([{ id, status: { state: 'active' } }]);
    expect(await syncsQueued(rt)).toEqual([id]);
  });

  it('says why when the admin declines, uses up the state, and names missing settings and bad queries', async () => {
    const rt = await h.runtime(SF_ENV);
    const base = await serve(rt);
    const { state } = await consent(base);
    const declined = await fetch(`${base}/oauth/salesforce/callback?error=access_denied&error_description=end-user+denied+authorization&state=${state}`);
    expect(declined.status).toBe(400);
    expect(await declined.json()).toEqual({ error: { code: 'SALESFORCE_DECLINED', errors: ['Salesforce did not connect: end-user denied authorization'] } });
    expect((await fetch(`${base}/oauth/salesforce/callback?code=late&state=${state}`)).status).toBe(400);
    expect(await rt.store.connections.list()).toEqual([]);

    const bad = await fetch(`${base}/install/salesforce?sandbox=maybe&colour=blue`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_QUERY');
    // An install link cannot name a connection to take over: an org's connection is found by its org id.
    expect((await fetch(`${base}/install/salesforce?connection=hs-1`, { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(`${base}/oauth/salesforce/callback?state=${state}`)).status).toBe(400);

    const unset = await h.runtime({ CRM_PULSE_PUBLIC_URL: PUBLIC_URL });
    const res = await fetch(`${await serve(unset)}/install/salesforce`, { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'SALESFORCE_OAUTH_CONFIG', errors: [expect.stringContaining('SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL')] } });
  });
});
