// Public-app OAuth: the authorize URL with state, the code exchange, refresh ahead of expiry
// with the new tokens persisted, a refresh after a 401, and a refused refresh; plus the private-
// app token. Tokens must not leak into error messages.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CountingRecorder } from '../../../src/connectors/api-calls.ts';
import { OAuthTokenSource, ServiceKeyToken } from '../../../src/connectors/hubspot/auth.ts';
import { HubSpotOAuth } from '../../../src/connectors/hubspot/oauth.ts';
import { REQUIRED_SCOPES } from '../../../src/connectors/hubspot/scopes.ts';
import { HubSpotTransport } from '../../../src/connectors/hubspot/transport.ts';
import { MemoryTokenStore } from '../memory-token-store.ts';
import { ConnectionError } from '../../../src/model/errors.ts';
import { BASE, bodyWhere, COMPANY_PROPERTIES, NOW, testConnector, useNock } from './helpers.ts';

const REDIRECT = 'https://pulse.example.com/oauth/hubspot/callback';

function oauth(now = () => NOW) {
  const transport = new HubSpotTransport({ baseUrl: BASE, recorder: new CountingRecorder() });
  return new HubSpotOAuth({ clientId: 'client-id', clientSecret: 'client-secret', redirectUri: REDIRECT, transport, now });
}

// POST /oauth/2026-09/token (PublicApiSpecs/Auth/Oauth/Rollouts/279897/2026-09/oauth.json): a form body.
function mockToken(form: Record<string, string>, answer: { status: number; body: unknown }) {
  nock(BASE, { reqheaders: { 'content-type': 'application/x-www-form-urlencoded' } })
    .post(
      '/oauth/2026-09/token',
      bodyWhere((body: Record<string, string>) => expect(body).toEqual({ ...form, client_id: 'client-id', client_secret: 'client-secret' })),
    )
    .reply(answer.status, answer.body);
}

const tokens = (access: string) => ({ status: 200, body: { token_type: 'bearer', access_token: access, refresh_token: 'refresh-1', expires_in: 1800, hub_id: 12345 } });

describe('HubSpot OAuth', () => {
  useNock();

  it('builds the authorize URL with the scopes, the redirect and the state', () => {
    const url = new URL(oauth().authorizeUrl('state-0123456789abcdef'));
    expect(url.origin + url.pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'client-id', scope: REQUIRED_SCOPES.join(' '), redirect_uri: REDIRECT, state: 'state-0123456789abcdef' });
    expect(() => oauth().authorizeUrl('short')).toThrow(/unguessable/);
  });

  it('exchanges the code for tokens that expire after expires_in', async () => {
    mockToken({ grant_type: 'authorization_code', code: 'the-code', redirect_uri: REDIRECT }, tokens('access-1'));
    expect(await oauth().exchangeCode('the-code')).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: NOW + 1_800_000, accountId: '12345' });
  });

  it('asks the token endpoint of the configured API version, with every parameter in the body', async () => {
    // POST /oauth/2026-03/token (PublicApiSpecs/Auth/Oauth/Rollouts/279897/2026-03/oauth.json)
    const scope = nock(BASE)
      .post('/oauth/2026-03/token', { grant_type: 'refresh_token', refresh_token: 'refresh-0', client_id: 'client-id', client_secret: 'client-secret' })
      .query({})
      .reply(200, tokens('access-2').body);
    const transport = new HubSpotTransport({ baseUrl: BASE, recorder: new CountingRecorder() });
    const client = new HubSpotOAuth({ clientId: 'client-id', clientSecret: 'client-secret', redirectUri: REDIRECT, transport, apiVersion: '2026-03', now: () => NOW });
    expect(await client.refresh('refresh-0')).toMatchObject({ accessToken: 'access-2' });
    expect(scope.isDone()).toBe(true);
  });

  it('refreshes ahead of expiry, persists the new tokens, and sends the new token', async () => {
    const store = new MemoryTokenStore();
    await store.set('conn-1', { accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: NOW + 4 * 60_000, accountId: '12345' });
    mockToken({ grant_type: 'refresh_token', refresh_token: 'refresh-1' }, tokens('access-new'));
    const auth = new OAuthTokenSource({ oauth: oauth(), store, connectionId: 'conn-1', now: () => NOW });
    const { connector } = testConnector({ auth });
    // GET /crm/properties/2026-09/companies (PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json)
    nock(BASE, { reqheaders: { authorization: 'Bearer access-new' } }).get('/crm/properties/2026-09/companies').reply(200, { results: COMPANY_PROPERTIES });

    await connector.accountFields();
    expect(await store.get('conn-1')).toEqual({ accessToken: 'access-new', refreshToken: 'refresh-1', expiresAt: NOW + 1_800_000, accountId: '12345' });
  });

  it('uses a token with time left without refreshing, and refreshes once after a 401', async () => {
    const store = new MemoryTokenStore();
    await store.set('conn-1', { accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: NOW + 20 * 60_000 });
    const auth = new OAuthTokenSource({ oauth: oauth(), store, connectionId: 'conn-1', now: () => NOW });
    const { connector } = testConnector({ auth });
    // GET /crm/properties/2026-09/companies (PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json)
    nock(BASE, { reqheaders: { authorization: 'Bearer access-old' } }).get('/crm/properties/2026-09/companies').reply(401, { status: 'error', message: 'The OAuth token used to make this call expired', category: 'EXPIRED_AUTHENTICATION' });
    mockToken({ grant_type: 'refresh_token', refresh_token: 'refresh-1' }, tokens('access-new'));
    nock(BASE, { reqheaders: { authorization: 'Bearer access-new' } }).get('/crm/properties/2026-09/companies').reply(200, { results: COMPANY_PROPERTIES });

    expect(await connector.accountFields()).toHaveLength(COMPANY_PROPERTIES.length);
    expect((await store.get('conn-1'))!.accessToken).toBe('access-new');
  });

  it('stops the connection when HubSpot refuses the refresh token, without showing any secret', async () => {
    const store = new MemoryTokenStore();
    await store.set('conn-1', { accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: NOW - 1 });
    mockToken({ grant_type: 'refresh_token', refresh_token: 'refresh-1' }, { status: 400, body: { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' } });
    const auth = new OAuthTokenSource({ oauth: oauth(), store, connectionId: 'conn-1', now: () => NOW });
    const error = await auth.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'HUBSPOT_OAUTH_REJECTED' });
    expect((error as Error).message).toContain('connect the HubSpot account again');
    expect((error as Error).message).not.toMatch(/refresh-1|client-secret|access-old/);
  });

  it('says what to do when a connection has no tokens or a Service Key is empty', async () => {
    const auth = new OAuthTokenSource({ oauth: oauth(), store: new MemoryTokenStore(), connectionId: 'none' });
    await expect(auth.token()).rejects.toMatchObject({ code: 'HUBSPOT_NOT_CONNECTED' });
    expect(() => new ServiceKeyToken('')).toThrow(/HUBSPOT_ACCESS_TOKEN is empty; set it to a HubSpot Service Key/);
  });

  it('stops after a 401 when the token is a Service Key', async () => {
    const { connector } = testConnector();
    // GET /crm/properties/2026-09/companies (PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json)
    nock(BASE).get('/crm/properties/2026-09/companies').reply(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' });
    await expect(connector.accountFields()).rejects.toMatchObject({ code: 'HUBSPOT_UNAUTHORIZED' });
  });
});
