// OAuth web-server flow of the External Client App on jsforce's OAuth2: the authorize URL on the
// login or test domain with state and scopes, the code exchange (tokens, instance URL, org id),
// a 401 answered by one refresh whose new token is persisted before the call is sent again, an org
// the refresh names on a new instance followed there, a second 401 stopping the connection, and a
// refused refresh. Tokens never reach error messages.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { OAuthTokenSource } from '../../../src/connectors/salesforce/auth.ts';
import { SalesforceOAuth, SESSION_ESTIMATE_MS } from '../../../src/connectors/salesforce/oauth.ts';
import { MemoryTokenStore } from '../memory-token-store.ts';
import { ConnectionError } from '../../../src/model/errors.ts';
import { accountDescribe, INSTANCE, NOW, testConnector, useNock, V } from './helpers.ts';

const REDIRECT = 'https://pulse.example.com/oauth/salesforce/callback';
const ORG = '00Dxx0000001gPLEAY';
const USER = '005xx000001SwiUAAS';
const LOGIN = 'https://login.salesforce.com';

function oauth(loginUrl?: string) {
  return new SalesforceOAuth({ clientId: 'consumer-key', clientSecret: 'consumer-secret', redirectUri: REDIRECT, loginUrl, now: () => NOW });
}

// POST /services/oauth2/token (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm&type=5): a form body.
function mockToken(origin: string, form: Record<string, string>, status: number, body: unknown) {
  nock(origin, { reqheaders: { 'content-type': 'application/x-www-form-urlencoded' } })
    .post('/services/oauth2/token', (b: Record<string, string>) => JSON.stringify(Object.entries(b).sort()) === JSON.stringify(Object.entries(form).sort()))
    .reply(status, body);
}

const grant = (access: string, refresh?: string) => ({
  access_token: access,
  ...(refresh ? { refresh_token: refresh } : {}),
  instance_url: INSTANCE,
  id: `${LOGIN}/id/${ORG}/${USER}`,
  issued_at: String(NOW),
  token_type: 'Bearer',
  scope: 'refresh_token api',
  signature: 'c2lnbmF0dXJl',
});

describe('Salesforce OAuth', () => {
  useNock();

  it('builds the authorize URL on the login or test domain with the scopes, the redirect and the state', async () => {
    for (const loginUrl of [undefined, 'https://test.salesforce.com']) {
      const url = new URL(await oauth(loginUrl).authorizeUrl('state-0123456789abcdef'));
      expect(url.origin + url.pathname).toBe(`${loginUrl ?? LOGIN}/services/oauth2/authorize`);
      expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: 'consumer-key', redirect_uri: REDIRECT, scope: 'api refresh_token', state: 'state-0123456789abcdef' });
    }
    await expect(oauth().authorizeUrl('short')).rejects.toThrow(/unguessable/);
  });

  it('exchanges the code for tokens, the instance URL and the org id', async () => {
    mockToken(LOGIN, { grant_type: 'authorization_code', code: 'the-code', client_id: 'consumer-key', client_secret: 'consumer-secret', redirect_uri: REDIRECT }, 200, grant('access-1', 'refresh-1'));
    expect(await oauth().exchangeCode('the-code')).toEqual({
      tokens: { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: NOW + SESSION_ESTIMATE_MS, accountId: ORG },
      instanceUrl: INSTANCE,
      orgId: ORG,
      userId: USER,
    });
  });

  it('refreshes once on a 401, persists the new token, and sends the call again with it', async () => {
    const store = new MemoryTokenStore();
    await store.set('sf-1', { accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: NOW, accountId: ORG });
    const { connector, recorder } = testConnector({ auth: new OAuthTokenSource({ oauth: oauth(), store, connectionId: 'sf-1' }) });
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm (401)
    nock(INSTANCE, { reqheaders: { authorization: 'Bearer access-old' } })
      .get(`${V}/sobjects/Account/describe`)
      .reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    // The refresh keeps the refresh token (no rotation): it answers none.
    mockToken(LOGIN, { grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'consumer-key', client_secret: 'consumer-secret' }, 200, grant('access-new'));
    nock(INSTANCE, { reqheaders: { authorization: 'Bearer access-new' } }).get(`${V}/sobjects/Account/describe`).reply(200, accountDescribe());

    expect((await connector.accountFields()).length).toBeGreaterThan(0);
    expect(await store.get('sf-1')).toEqual({ accessToken: 'access-new', refreshToken: 'refresh-1', expiresAt: NOW + SESSION_ESTIMATE_MS, accountId: ORG, instanceUrl: INSTANCE });
    expect([...recorder.counts()]).toEqual([
      ['GET /sobjects/Account/describe auth_error', 1],
      ['GET /sobjects/Account/describe ok', 1],
    ]);
  });

  it('follows an org that a refresh names on a new instance, and stores the new instance URL', async () => {
    const MOVED = 'https://acme2.my.salesforce.test';
    const store = new MemoryTokenStore();
    await store.set('sf-1', { accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: NOW, accountId: ORG, instanceUrl: INSTANCE });
    const { connector } = testConnector({ auth: new OAuthTokenSource({ oauth: oauth(), store, connectionId: 'sf-1' }) });
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    mockToken(LOGIN, { grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'consumer-key', client_secret: 'consumer-secret' }, 200, { ...grant('access-new'), instance_url: MOVED });
    nock(MOVED, { reqheaders: { authorization: 'Bearer access-new' } }).get(`${V}/sobjects/Account/describe`).times(2).reply(200, accountDescribe());

    await connector.accountFields();
    expect(await store.get('sf-1')).toMatchObject({ accessToken: 'access-new', instanceUrl: MOVED });
    // Later calls go to the new instance without another refresh.
    await connector.accountFields();
  });

  it('stops the connection when the refreshed token is refused too', async () => {
    const store = new MemoryTokenStore();
    await store.set('sf-1', { accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: NOW, accountId: ORG });
    const { connector } = testConnector({ auth: new OAuthTokenSource({ oauth: oauth(), store, connectionId: 'sf-1' }) });
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).times(2).reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    mockToken(LOGIN, { grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'consumer-key', client_secret: 'consumer-secret' }, 200, grant('access-new', 'refresh-2'));

    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'SALESFORCE_UNAUTHORIZED' });
    expect((error as Error).message).toContain('connect the org again at /install/salesforce');
    // A rotated refresh token is kept.
    expect(await store.get('sf-1')).toMatchObject({ accessToken: 'access-new', refreshToken: 'refresh-2' });
  });

  it('stops with what to do when Salesforce refuses the refresh token', async () => {
    const store = new MemoryTokenStore();
    await store.set('sf-1', { accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: NOW, accountId: ORG });
    const { connector } = testConnector({ auth: new OAuthTokenSource({ oauth: oauth(), store, connectionId: 'sf-1' }) });
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    mockToken(LOGIN, { grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'consumer-key', client_secret: 'consumer-secret' }, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });

    const error = await connector.accountFields().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SALESFORCE_OAUTH_REJECTED' });
    expect((error as Error).message).toMatch(/^Salesforce refused the refresh token \(invalid_grant: expired access\/refresh token\)\./);
    expect((error as Error).message).not.toContain('refresh-1');
  });
});
