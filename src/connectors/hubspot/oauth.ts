// HubSpot public-app OAuth: the authorize URL (with `state` against CSRF), the code exchange and
// the refresh, as stored tokens. Secrets and tokens never appear in errors or logs.
import { ConnectionError, HUBSPOT_API_VERSIONS, RetryableError, type HubSpotApiVersion, type StoredTokens } from '../../model/index.ts';
import { parseErrorBody } from './schemas/errors.ts';
import { TokenResponseSchema } from './schemas/oauth.ts';
import { REQUIRED_SCOPES } from './scopes.ts';
import type { HubSpotTransport } from './transport.ts';

export const DEFAULT_APP_URL = 'https://app.hubspot.com';

export interface HubSpotOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Where HubSpot sends the user back; must be one of the app's redirectUrls. */
  redirectUri: string;
  transport: HubSpotTransport;
  /** Authorize host, from HUBSPOT_APP_URL. Default https://app.hubspot.com. */
  appUrl?: string;
  /** The token endpoint's dated version, from HUBSPOT_API_VERSION. Default the newest crm-pulse speaks. */
  apiVersion?: HubSpotApiVersion;
  now?: () => number;
}

export class HubSpotOAuth {
  readonly #o: Required<HubSpotOAuthOptions>;

  constructor(options: HubSpotOAuthOptions) {
    for (const [name, value] of [
      ['HUBSPOT_CLIENT_ID', options.clientId],
      ['HUBSPOT_CLIENT_SECRET', options.clientSecret],
      ['the OAuth redirect URI', options.redirectUri],
    ] as const) {
      if (!value) throw new ConnectionError('HUBSPOT_OAUTH_CONFIG', `${name} is empty; set it from the app's Auth settings in HubSpot`);
    }
    this.#o = { ...options, now: options.now ?? Date.now, appUrl: options.appUrl ?? DEFAULT_APP_URL, apiVersion: options.apiVersion ?? HUBSPOT_API_VERSIONS[0] };
  }

  /** The install / consent URL. `state` must be unguessable and checked on the way back. */
  authorizeUrl(state: string): string {
    if (state.length < 16) throw new RangeError('the OAuth state must be an unguessable value of at least 16 characters');
    const url = new URL('/oauth/authorize', this.#o.appUrl);
    url.searchParams.set('client_id', this.#o.clientId);
    url.searchParams.set('scope', REQUIRED_SCOPES.join(' '));
    url.searchParams.set('redirect_uri', this.#o.redirectUri);
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** Trades the code HubSpot put on the redirect for tokens. */
  exchangeCode(code: string): Promise<StoredTokens> {
    return this.#token({ grant_type: 'authorization_code', code, redirect_uri: this.#o.redirectUri }, 'authorization code');
  }

  refresh(refreshToken: string): Promise<StoredTokens> {
    return this.#token({ grant_type: 'refresh_token', refresh_token: refreshToken }, 'refresh token');
  }

  // https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens
  // POST /oauth/{version}/token (PublicApiSpecs/Auth/Oauth/Rollouts/279897/2026-09/oauth.json):
  // every parameter in the form body (the dated endpoint takes none in the query, as v1 did).
  // The spec documents no 200 body, so the answer is read as v1's AccessTokenResponse.
  async #token(grant: Record<string, string>, what: string): Promise<StoredTokens> {
    const form = { ...grant, client_id: this.#o.clientId, client_secret: this.#o.clientSecret };
    const started = this.#o.now();
    let res;
    try {
      res = await this.#o.transport.send({ method: 'POST', path: `/oauth/${this.#o.apiVersion}/token`, form }, null);
    } catch (error) {
      throw new RetryableError('HUBSPOT_NETWORK', `HubSpot's token endpoint did not answer: ${(error as Error).message}`, undefined, { cause: error });
    }
    if (res.status >= 500 || res.status === 429) {
      throw new RetryableError('HUBSPOT_OAUTH_UNAVAILABLE', `HubSpot's token endpoint answered ${res.status}; the ${what} will be tried again`);
    }
    if (res.status !== 200) {
      const body = parseErrorBody(res.body);
      throw new ConnectionError(
        'HUBSPOT_OAUTH_REJECTED',
        `HubSpot refused the ${what} (${res.status}${body.status ? ` ${body.status}` : ''}${body.message ? `: ${body.message}` : ''}). Check HUBSPOT_CLIENT_ID / HUBSPOT_CLIENT_SECRET and the redirect URL, then connect the HubSpot account again.`,
      );
    }
    const parsed = TokenResponseSchema.safeParse(res.body);
    if (!parsed.success) throw new RetryableError('HUBSPOT_OAUTH_UNEXPECTED', `HubSpot's token answer lacks ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const t = parsed.data;
    return {
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      expiresAt: started + t.expires_in * 1000,
      accountId: t.hub_id != null ? String(t.hub_id) : null,
    };
  }
}
