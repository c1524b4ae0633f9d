// Builds the connector for a connection by CRM kind: HubSpot with a private-app token or OAuth
// tokens (refreshed and stored through the TokenStore), its calls counted and paced by the
// account's shared rate limiter. Salesforce arrives with issue 5.
import { ConnectionError } from '../errors.ts';
import type { Metrics } from '../observe/metrics.ts';
import { ObservedWindowStore, TalliedRecorder } from '../observe/calls.ts';
import type { Connector, CrmKind } from './connector.ts';
import { HubSpotConnector, HubSpotOAuth, HubSpotTransport, OAuthTokenSource, PrivateAppToken, type AccessTokenSource } from './hubspot/index.ts';
import type { WindowStore } from './rate-limit/limiter.ts';
import type { TokenStore } from './token-store.ts';

/** What a connector needs to know about its connection; credentials are already decrypted. */
export interface ConnectorTarget {
  connectionId: string;
  kind: CrmKind;
  /** HubSpot portal id; keys the shared rate limiter. Null: the connection id keys it. */
  crmAccountId: string | null;
  accessToken: string | null;
  /** Present when the connection came through OAuth: tokens are refreshed and stored. */
  refreshToken: string | null;
}

export interface HubSpotSettings {
  baseUrl: string;
  appUrl: string;
  /** From HUBSPOT_CLIENT_ID / _SECRET; needed to refresh OAuth tokens. */
  clientId: string | null;
  clientSecret: string | null;
  /** `<CRM_PULSE_PUBLIC_URL>/oauth/hubspot/callback`, or null when the public URL is unset. */
  redirectUri: string | null;
  requestsPer10s: number;
}

export interface ConnectorDeps {
  hubspot: HubSpotSettings;
  windows: WindowStore;
  tokens: TokenStore;
  metrics: Metrics;
  /** Test seams: the clock and the sleep of retries and the limiter. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The OAuth client of the HubSpot app, or a ConnectionError naming the settings it lacks. */
export function hubspotOAuth(settings: HubSpotSettings): HubSpotOAuth {
  if (!settings.clientId || !settings.clientSecret || !settings.redirectUri) {
    throw new ConnectionError(
      'HUBSPOT_OAUTH_CONFIG',
      'HubSpot OAuth needs HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL; set them from the app\'s Auth page and the server\'s public URL',
    );
  }
  return new HubSpotOAuth({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: settings.redirectUri,
    appUrl: settings.appUrl,
    transport: new HubSpotTransport({ baseUrl: settings.baseUrl, recorder: { record: () => {} } }),
  });
}

export function createConnector(target: ConnectorTarget, deps: ConnectorDeps): Connector {
  if (target.kind === 'salesforce') {
    throw new ConnectionError('CRM_NOT_SUPPORTED', `connection ${target.connectionId} is a Salesforce connection; this version of crm-pulse supports HubSpot only (Salesforce arrives in a later release)`);
  }
  let auth: AccessTokenSource;
  if (target.refreshToken) {
    auth = new OAuthTokenSource({ oauth: hubspotOAuth(deps.hubspot), store: deps.tokens, connectionId: target.connectionId, now: deps.now });
  } else {
    auth = new PrivateAppToken(target.accessToken ?? undefined);
  }
  return new HubSpotConnector({
    baseUrl: deps.hubspot.baseUrl,
    portalId: target.crmAccountId ?? target.connectionId,
    auth,
    windows: new ObservedWindowStore(deps.windows, 'hubspot', deps.metrics),
    limits: { requestsPer10s: deps.hubspot.requestsPer10s },
    recorder: new TalliedRecorder('hubspot', deps.metrics),
    now: deps.now,
    sleep: deps.sleep,
  });
}
