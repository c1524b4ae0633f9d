// The client credentials flow, as an API-only integration user connects: a token asked for at the
// org's My Domain with the app's key and secret, a new one when Salesforce refuses it (no refresh
// token in this flow), and a refusal of the grant that stops the connection saying what to set.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ClientCredentialsToken } from '../../../src/connectors/salesforce/client-credentials.ts';
import { ConnectionError } from '../../../src/model/errors.ts';
import { accountDescribe, INSTANCE, testConnector, useNock, V } from './helpers.ts';

const grant = (token: string) => ({ access_token: token, instance_url: INSTANCE, id: `https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA`, token_type: 'Bearer', issued_at: '1763900000000', signature: 'x' });
const isGrant = (body: string) => {
  const p = new URLSearchParams(body);
  return p.get('grant_type') === 'client_credentials' && p.get('client_id') === 'key' && p.get('client_secret') === 'secret';
};

describe('client credentials flow', () => {
  useNock();

  it('asks the My Domain for a token once, and for a new one when Salesforce refuses it', async () => {
    const auth = new ClientCredentialsToken({ myDomainUrl: INSTANCE, clientId: 'key', clientSecret: 'secret' });
    const { connector } = testConnector({ auth });
    // POST <My Domain>/services/oauth2/token (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm&type=5)
    nock(INSTANCE).post('/services/oauth2/token', isGrant).reply(200, grant('00D!first'));
    // GET /sobjects/Account/describe (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm)
    nock(INSTANCE, { reqheaders: { authorization: 'Bearer 00D!first' } }).get(`${V}/sobjects/Account/describe`).times(2).reply(200, accountDescribe());
    await connector.accountFields();
    await connector.accountFields();
    // The session timed out: the next call is refused, a new token is granted, the call sent again.
    nock(INSTANCE, { reqheaders: { authorization: 'Bearer 00D!first' } }).get(`${V}/sobjects/Account/describe`).reply(401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]);
    nock(INSTANCE).post('/services/oauth2/token', isGrant).reply(200, grant('00D!second'));
    nock(INSTANCE, { reqheaders: { authorization: 'Bearer 00D!second' } }).get(`${V}/sobjects/Account/describe`).reply(200, accountDescribe());
    expect((await connector.accountFields()).length).toBeGreaterThan(12);
  });

  it('stops the connection saying what to set when Salesforce refuses the grant', async () => {
    const auth = new ClientCredentialsToken({ myDomainUrl: INSTANCE, clientId: 'key', clientSecret: 'secret' });
    nock(INSTANCE).post('/services/oauth2/token').reply(400, { error: 'invalid_grant', error_description: 'no client credentials user enabled' });
    const error = await auth.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'SALESFORCE_OAUTH_REJECTED' });
    expect((error as Error).message).toMatch(/^Salesforce refused the client credentials grant \(invalid_grant: no client credentials user enabled\)\. In the External Client App: .*"Enable Client Credentials Flow".*"Run As" the crm-pulse integration user/);
    expect((error as Error).message).not.toContain('secret');
  });

  it('retries later when the token endpoint is down, and asks again on the next call', async () => {
    const auth = new ClientCredentialsToken({ myDomainUrl: INSTANCE, clientId: 'key', clientSecret: 'secret' });
    nock(INSTANCE).post('/services/oauth2/token').reply(503, 'unavailable');
    await expect(auth.token()).rejects.toMatchObject({ code: 'SALESFORCE_OAUTH_UNAVAILABLE', action: 'retry' });
    nock(INSTANCE).post('/services/oauth2/token').reply(200, grant('00D!later'));
    expect(await auth.token()).toBe('00D!later');
  });
});
