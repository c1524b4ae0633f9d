// Where the bearer token of each call comes from: a fixed access token (SALESFORCE_ACCESS_TOKEN,
// e.g. from `sf org display`), or the OAuth tokens of an installed connection, kept in a
// TokenStore and refreshed once when Salesforce answers 401, the new token persisted at once.
//
// Why not jsforce's own refresh (a Connection given oauth2 + refreshToken, emitting `refresh`):
// its HTTP layer re-sends after every refresh, so a token that keeps failing after a refresh
// (revoked user, IP restriction) loops refresh after refresh. Here a call refreshes at most once
// and then stops the connection with a message saying what to do.
import { ConnectionError, type StoredTokens, type TokenStore } from '../../model/index.ts';
import { FixedToken } from '../fixed-token.ts';
import type { SalesforceOAuth } from './oauth.ts';

export interface RefreshedToken {
  accessToken: string;
  /** The org's instance URL as the refresh answered it (it moves when an org is migrated). */
  instanceUrl: string | null;
}

export interface AccessTokenSource {
  /** A token to use now. */
  token(): Promise<string>;
  /** A new token after Salesforce refused the current one; null when this token cannot be renewed. */
  refresh(): Promise<RefreshedToken | null>;
}

/** SALESFORCE_ACCESS_TOKEN: fixed; when it expires, the admin sets a new one. */
export class FixedAccessToken extends FixedToken implements AccessTokenSource {
  constructor(token: string | undefined) {
    super(token, 'SALESFORCE_NO_TOKEN', 'SALESFORCE_ACCESS_TOKEN is empty; set an access token of the org (e.g. `sf org display --target-org <alias>` prints one) together with SALESFORCE_INSTANCE_URL, or connect the org at /install/salesforce');
  }
}

export interface OAuthTokenSourceOptions {
  oauth: SalesforceOAuth;
  store: TokenStore;
  connectionId: string;
}

/**
 * OAuth tokens of one connection. Two workers may refresh at the same moment: both answers are
 * valid access tokens (Salesforce keeps several sessions), and with refresh-token rotation each
 * stores the refresh token it was given; the last one stored wins.
 */
export class OAuthTokenSource implements AccessTokenSource {
  readonly #o: OAuthTokenSourceOptions;
  #current: StoredTokens | null = null;
  #refreshing: Promise<RefreshedToken> | null = null;

  constructor(options: OAuthTokenSourceOptions) {
    this.#o = options;
  }

  async token(): Promise<string> {
    return (await this.#load()).accessToken;
  }

  refresh(): Promise<RefreshedToken> {
    // One refresh in flight per process, however many calls were refused.
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<RefreshedToken> {
    const old = await this.#load();
    const grant = await this.#o.oauth.refresh(old.refreshToken);
    // The org's instance URL goes with the tokens: a refresh after an org migration names the new one.
    const next: StoredTokens = { ...grant.tokens, accountId: grant.tokens.accountId ?? old.accountId ?? null, instanceUrl: grant.instanceUrl };
    await this.#o.store.set(this.#o.connectionId, next);
    this.#current = next;
    return { accessToken: next.accessToken, instanceUrl: grant.instanceUrl };
  }

  async #load(): Promise<StoredTokens> {
    if (this.#current) return this.#current;
    const stored = await this.#o.store.get(this.#o.connectionId);
    if (!stored) throw new ConnectionError('SALESFORCE_NOT_CONNECTED', 'this connection has no Salesforce tokens: connect the org at /install/salesforce first');
    this.#current = stored;
    return stored;
  }
}
