// The OAuth 2.0 web-server flow of the crm-pulse External Client App, on jsforce's OAuth2 client:
// the authorize URL (with `state` against CSRF, on the login or test domain), the code exchange and
// the refresh, as stored tokens plus the org's instance URL and id. Secrets and tokens never appear
// in errors or logs.
//
// PKCE is not used: crm-pulse is a confidential client (the consumer secret stays on the server)
// and the install state is single-use; the shipped External Client App sets isPkceRequired false.
import type { OAuth2, OAuth2Config } from '@jsforce/jsforce-node';
import { ConnectionError, RetryableError, type StoredTokens } from '../../model/index.ts';
import { loadJsforce } from './jsforce.ts';
import { TokenResponseSchema } from './schemas/oauth.ts';

export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';
/** Where sandbox users sign in. */
export const SANDBOX_LOGIN_URL = 'https://test.salesforce.com';
/** `api` for REST and Bulk 2.0, `refresh_token` to keep working without the user. */
export const SCOPES = ['api', 'refresh_token'] as const;
/**
 * Salesforce does not say when an access token expires: the org's session timeout decides (2 hours
 * by default). `expiresAt` is that estimate, for status pages; the connector refreshes on a 401.
 */
export const SESSION_ESTIMATE_MS = 2 * 3_600_000;

export interface SalesforceOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** `<CRM_PULSE_PUBLIC_URL>/oauth/salesforce/callback`; must be the app's callback URL. */
  redirectUri: string;
  /** SALESFORCE_LOGIN_URL: https://login.salesforce.com, https://test.salesforce.com (sandboxes) or a My Domain. */
  loginUrl?: string;
  /** Per token request. Default 30 s. */
  timeoutMs?: number;
  now?: () => number;
}

/** What a code exchange or a refresh gives: tokens to store and where the org lives. */
export interface SalesforceGrant {
  tokens: StoredTokens;
  /** Where the org's API calls go, e.g. https://acme.my.salesforce.com. */
  instanceUrl: string;
  /** 18-character org id (tokens.accountId too). */
  orgId: string;
  /** The user who authorized, whose permissions crm-pulse works with. */
  userId: string;
}

export class SalesforceOAuth {
  readonly #config: OAuth2Config;
  readonly #loginUrl: string;
  #oauth2: Promise<OAuth2> | null = null;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(options: SalesforceOAuthOptions) {
    for (const [name, value] of [
      ['SALESFORCE_CLIENT_ID', options.clientId],
      ['SALESFORCE_CLIENT_SECRET', options.clientSecret],
      ['the OAuth redirect URI (CRM_PULSE_PUBLIC_URL)', options.redirectUri],
    ] as const) {
      if (!value) throw new ConnectionError('SALESFORCE_OAUTH_CONFIG', `${name} is empty; set it from the crm-pulse External Client App (Setup > External Client App Manager > crm-pulse > Settings > OAuth Settings)`);
    }
    this.#loginUrl = (options.loginUrl ?? DEFAULT_LOGIN_URL).replace(/\/+$/, '');
    this.#config = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: options.redirectUri,
      loginUrl: this.#loginUrl,
    };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** The login domain this client signs in and trades codes at. */
  get loginUrl(): string {
    return this.#loginUrl;
  }

  /** jsforce's OAuth2 client, made on first use (jsforce.ts says why not before). */
  #client(): Promise<OAuth2> {
    this.#oauth2 ??= loadJsforce().then((jsforce) => new jsforce.OAuth2(this.#config));
    return this.#oauth2;
  }

  /** The consent URL. `state` must be unguessable and checked on the way back. */
  async authorizeUrl(state: string): Promise<string> {
    if (state.length < 16) throw new RangeError('the OAuth state must be an unguessable value of at least 16 characters');
    // https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm&type=5
    // GET <login URL>/services/oauth2/authorize?response_type=code&client_id&redirect_uri&scope&state
    return (await this.#client()).getAuthorizationUrl({ scope: SCOPES.join(' '), state });
  }

  /** Trades the code Salesforce put on the redirect for tokens. */
  exchangeCode(code: string): Promise<SalesforceGrant> {
    // POST <login URL>/services/oauth2/token (grant_type=authorization_code, code, client_id,
    // client_secret, redirect_uri), same page as above.
    return this.#token(async () => (await this.#client()).requestToken(code), 'authorization code', null);
  }

  /** A new access token. Without rotation the same refresh token stays valid and is kept. */
  refresh(refreshToken: string): Promise<SalesforceGrant> {
    // https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_refresh_token_flow.htm&type=5
    // POST <login URL>/services/oauth2/token (grant_type=refresh_token, refresh_token, client_id, client_secret)
    return this.#token(async () => (await this.#client()).refreshToken(refreshToken), 'refresh token', refreshToken);
  }

  async #token(request: () => Promise<unknown>, what: string, refreshToken: string | null): Promise<SalesforceGrant> {
    const started = this.#now();
    let answer: unknown;
    let timer: NodeJS.Timeout | undefined;
    try {
      answer = await Promise.race([
        request(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TokenTimeout(what)), this.#timeoutMs);
        }),
      ]);
    } catch (error) {
      throw tokenError(error, what);
    } finally {
      clearTimeout(timer);
    }
    const parsed = TokenResponseSchema.safeParse(answer);
    if (!parsed.success) throw new RetryableError('SALESFORCE_OAUTH_UNEXPECTED', `Salesforce's token answer lacks ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const t = parsed.data;
    const kept = t.refresh_token ?? refreshToken;
    if (!kept) throw new ConnectionError('SALESFORCE_NO_REFRESH_TOKEN', 'Salesforce gave no refresh token: add the "refresh_token, offline_access" scope to the crm-pulse External Client App, then connect the org again');
    const [orgId = '', userId = ''] = new URL(t.id).pathname.split('/').slice(-2);
    const issuedAt = t.issued_at ? Number(t.issued_at) : started;
    return {
      tokens: { accessToken: t.access_token, refreshToken: kept, expiresAt: issuedAt + SESSION_ESTIMATE_MS, accountId: orgId || null },
      instanceUrl: t.instance_url,
      orgId,
      userId,
    };
  }
}

/** The token endpoint did not answer in time: retried like any request that got no answer. */
class TokenTimeout extends RetryableError {
  constructor(what: string) {
    super('SALESFORCE_NETWORK', `Salesforce's token endpoint did not answer (timeout); the ${what} will be tried again`);
  }
}

/**
 * jsforce's OAuth2 throws an Error named after the OAuth `error` (e.g. invalid_grant), or
 * `ERROR_HTTP_<status>` when the body had none; a TypeError means no answer came.
 */
function tokenError(error: unknown, what: string): Error {
  if (error instanceof TokenTimeout) return error;
  const e = error instanceof Error ? error : new Error(String(error));
  if (e instanceof TypeError) {
    return new RetryableError('SALESFORCE_NETWORK', `Salesforce's token endpoint did not answer (${e.message}); the ${what} will be tried again`, undefined, { cause: e });
  }
  const status = /^ERROR_HTTP_(\d{3})$/.exec(e.name)?.[1];
  if (status && (Number(status) >= 500 || status === '429')) {
    return new RetryableError('SALESFORCE_OAUTH_UNAVAILABLE', `Salesforce's token endpoint answered ${status}; the ${what} will be tried again`);
  }
  const said = status ? `HTTP ${status}` : `${e.name}${e.message ? `: ${e.message}` : ''}`;
  return new ConnectionError(
    'SALESFORCE_OAUTH_REJECTED',
    `Salesforce refused the ${what} (${said}). Check SALESFORCE_CLIENT_ID / SALESFORCE_CLIENT_SECRET, the app's callback URL and SALESFORCE_LOGIN_URL (https://test.salesforce.com for sandboxes); a revoked or expired authorization needs the org connected again.`,
  );
}
