// Where the bearer token of each call comes from: a Service Key's fixed token, or OAuth tokens
// kept in a TokenStore and refreshed ahead of their expiry (and once more after a 401).
import { ConnectionError, type TokenStore, type StoredTokens } from '../../model/index.ts';
import { FixedToken } from '../fixed-token.ts';
import type { HubSpotOAuth } from './oauth.ts';

export interface AccessTokenSource {
  /** A token to use now. */
  token(): Promise<string>;
  /** A new token after HubSpot refused the current one; null when this token cannot be renewed. */
  refresh(): Promise<string | null>;
}

/**
 * A HubSpot Service Key (HUBSPOT_ACCESS_TOKEN): fixed, rotated by the admin. Service Keys replace
 * legacy private apps, which can no longer be created; an existing private app's access token is
 * used the same way.
 */
export class ServiceKeyToken extends FixedToken implements AccessTokenSource {
  constructor(token: string | undefined) {
    super(token, 'HUBSPOT_NO_TOKEN', 'HUBSPOT_ACCESS_TOKEN is empty; set it to a HubSpot Service Key with the scopes listed in docs/hubspot.md (an existing legacy private app\'s access token also works)');
  }
}

export interface OAuthTokenSourceOptions {
  oauth: HubSpotOAuth;
  store: TokenStore;
  connectionId: string;
  /** Refresh when the token has less than this left. Default 5 minutes. */
  refreshAheadMs?: number;
  now?: () => number;
}

/**
 * OAuth tokens of one connection. Two workers may refresh at the same moment: HubSpot refresh
 * tokens do not rotate, so both answers are valid and the last one stored wins harmlessly.
 */
export class OAuthTokenSource implements AccessTokenSource {
  readonly #o: Required<OAuthTokenSourceOptions>;
  #current: StoredTokens | null = null;
  #refreshing: Promise<string> | null = null;

  constructor(options: OAuthTokenSourceOptions) {
    this.#o = { ...options, refreshAheadMs: options.refreshAheadMs ?? 5 * 60_000, now: options.now ?? Date.now };
  }

  async token(): Promise<string> {
    const tokens = await this.#load();
    if (tokens.expiresAt - this.#o.now() > this.#o.refreshAheadMs) return tokens.accessToken;
    return this.refresh();
  }

  refresh(): Promise<string> {
    // One refresh in flight per process, however many calls noticed the expiry.
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<string> {
    const old = await this.#load();
    const fresh = await this.#o.oauth.refresh(old.refreshToken);
    const next = { ...fresh, accountId: fresh.accountId ?? old.accountId ?? null };
    await this.#o.store.set(this.#o.connectionId, next);
    this.#current = next;
    return next.accessToken;
  }

  async #load(): Promise<StoredTokens> {
    if (this.#current) return this.#current;
    const stored = await this.#o.store.get(this.#o.connectionId);
    if (!stored) throw new ConnectionError('HUBSPOT_NOT_CONNECTED', 'this connection has no HubSpot tokens: connect the HubSpot account (install the crm-pulse app) first');
    this.#current = stored;
    return stored;
  }
}
