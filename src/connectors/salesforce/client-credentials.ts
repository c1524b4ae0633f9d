// Access tokens from the OAuth 2.0 client credentials flow: the External Client App's consumer
// key and secret are traded at the org's My Domain for a token of the app's "Run As" user. It is
// how an API-only integration user (Salesforce Integration license, Minimum Access - API Only
// Integrations profile) connects: that user cannot sign in to authorize the web-server flow.
// No refresh token: when Salesforce refuses the token (401), a new one is asked for. Secrets and
// tokens never appear in errors or logs.
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm&type=5
import { ConnectionError, RetryableError } from '../../model/index.ts';
import type { AccessTokenSource, RefreshedToken } from './auth.ts';
import { TokenResponseSchema } from './schemas/oauth.ts';

export interface ClientCredentialsOptions {
  /** The org's My Domain URL (SALESFORCE_INSTANCE_URL): the flow is served there only. */
  myDomainUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per token request. Default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const FIX =
  'In the External Client App: Settings > OAuth Settings > "Enable Client Credentials Flow", and Policies > OAuth Policies > "Run As" the crm-pulse integration user; check SALESFORCE_CLIENT_ID / SALESFORCE_CLIENT_SECRET and that SALESFORCE_INSTANCE_URL is the My Domain URL (https://<domain>.my.salesforce.com).';

export class ClientCredentialsToken implements AccessTokenSource {
  readonly #o: ClientCredentialsOptions;
  #current: Promise<RefreshedToken> | null = null;

  constructor(o: ClientCredentialsOptions) {
    for (const [name, value] of [['SALESFORCE_CLIENT_ID', o.clientId], ['SALESFORCE_CLIENT_SECRET', o.clientSecret]] as const) {
      if (!value) throw new ConnectionError('SALESFORCE_OAUTH_CONFIG', `${name} is empty; the client credentials flow needs the External Client App's consumer key and secret`);
    }
    this.#o = o;
  }

  async token(): Promise<string> {
    return (await this.#grant()).accessToken;
  }

  /** A new token: one request in flight per process, however many calls were refused. */
  async refresh(): Promise<RefreshedToken> {
    const old = this.#current;
    if (old) await old.catch(() => null);
    if (this.#current === old) this.#current = null;
    return this.#grant();
  }

  #grant(): Promise<RefreshedToken> {
    this.#current ??= this.#request().catch((error: unknown) => {
      this.#current = null;
      throw error;
    });
    return this.#current;
  }

  async #request(): Promise<RefreshedToken> {
    const url = `${this.#o.myDomainUrl.replace(/\/+$/, '')}/services/oauth2/token`;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.#o.clientId, client_secret: this.#o.clientSecret });
    let res: Response;
    try {
      // POST <My Domain>/services/oauth2/token (grant_type=client_credentials, client_id, client_secret)
      res = await (this.#o.fetch ?? fetch)(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, signal: AbortSignal.timeout(this.#o.timeoutMs ?? 30_000) });
    } catch (error) {
      throw new RetryableError('SALESFORCE_NETWORK', `Salesforce's token endpoint did not answer (${(error as Error).name}); the client credentials grant will be tried again`, undefined, { cause: error });
    }
    const text = await res.text();
    if (res.status >= 500 || res.status === 429) throw new RetryableError('SALESFORCE_OAUTH_UNAVAILABLE', `Salesforce's token endpoint answered ${res.status}; the client credentials grant will be tried again`);
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    if (!res.ok) {
      const said = typeof json === 'object' && json !== null && 'error' in json ? `${String(json.error)}${'error_description' in json ? `: ${String(json.error_description)}` : ''}` : `HTTP ${res.status}`;
      throw new ConnectionError('SALESFORCE_OAUTH_REJECTED', `Salesforce refused the client credentials grant (${said}). ${FIX}`);
    }
    const parsed = TokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new RetryableError('SALESFORCE_OAUTH_UNEXPECTED', `Salesforce's token answer lacks ${parsed.error.issues.map((i) => i.path.join('.')).join(', ') || 'a JSON body'}`);
    return { accessToken: parsed.data.access_token, instanceUrl: parsed.data.instance_url };
  }
}
