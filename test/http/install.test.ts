// The HubSpot install flow: /install/hubspot sends the admin to HubSpot's consent page with a
// single-use state; the callback checks it, trades the code for tokens, stores the connection
// with its credentials sealed, creates crm-pulse's fields, schedules it and queues its first sync.
// Nothing secret reaches the logs.
import { Writable } from 'node:stream';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { REQUIRED_SCOPES } from '../../src/connectors/hubspot/index.ts';
import { createLogger } from '../../src/observe/logger.ts';
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
    // POST /oauth/v1/token (PublicApiSpecs/Auth/Oauth/Rollouts/155908/v1/oauth.json), before the portal's catch-all.
    nock(BASE)
      .post('/oauth/v1/token', (body: Record<string, string>) => body.grant_type === 'authorization_code' && body.code === 'the-code' && body.client_secret === CLIENT_SECRET && body.redirect_uri === `${PUBLIC_URL}/oauth/hubspot/callback`)
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

    const forged = await fetch(`${base}/oauth/hubspot/callback?code=the-code&state=${'x'.repeat(43)}`);
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('BAD_STATE');

    const back = await fetch(`${base}/oauth/hubspot/callback?code=the-code&state=${state}`);
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('hubspot-4242');

    const connection = await rt.store.connections.get('hubspot-4242');
    expect(connection).toMatchObject({ kind: 'hubspot', crmAccountId: '4242', status: { state: 'active' }, credentials: { accessToken: ACCESS, refreshToken: REFRESH } });
    const raw = await h.redis.get(rt.store.keys.connection('hubspot-4242'));
    expect(raw).not.toContain(ACCESS);
    expect(raw).not.toContain(REFRESH);
    expect(portal.requests.some((r) => r.method === 'POST' && r.path === '/crm/v3/properties/companies/batch/create')).toBe(true);
    expect((await rt.queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['tick.full.hubspot-4242', 'tick.incremental.hubspot-4242']);
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
