// Builds the connector for a connection by CRM kind: HubSpot with a Service Key or OAuth
// tokens (refreshed and stored through the TokenStore), its calls counted and paced by the
// account's shared rate limiter; Salesforce on the org's instance URL with an access token or
// OAuth tokens (refreshed at the login domain the org was connected through), its calls counted
// and held to the org's daily API budget.
import { ConnectionError, type CrmKind, type HubSpotApiVersion, type TokenStore } from '../model/index.ts';
import type { Metrics } from '../observe/index.ts';
import { ObservedWindowStore, TalliedRecorder } from './observed.ts';
import type { Connector } from './connector.ts';
import { Definitions, noDefinitionCache, type DefinitionCache } from './definitions.ts';
import * as hubspot from './hubspot/index.ts';
import type { WindowStore } from './rate-limit/limiter.ts';
import * as salesforce from './salesforce/index.ts';

/** What a connector needs to know about its connection; credentials are already decrypted. */
export interface ConnectorTarget {
  connectionId: string;
  kind: CrmKind;
  /** HubSpot portal id; keys the shared rate limiter. Null: the connection id keys it. */
  crmAccountId: string | null;
  accessToken: string | null;
  /** Present when the connection came through OAuth: tokens are refreshed and stored. */
  refreshToken: string | null;
  /** Salesforce: the org's instance URL (stored with the connection, or SALESFORCE_INSTANCE_URL). */
  instanceUrl: string | null;
  /** Salesforce: the login domain the org was connected through; null: SALESFORCE_LOGIN_URL. */
  loginUrl: string | null;
  /**
   * Salesforce: tokens come from the client credentials flow (SALESFORCE_CLIENT_ID / _SECRET at the
   * instance's My Domain, as the app's Run As user), as an API-only integration user connects.
   */
  clientCredentials?: boolean;
}

export interface HubSpotSettings {
  baseUrl: string;
  /** HUBSPOT_API_VERSION: the dated API version of every call. */
  apiVersion: HubSpotApiVersion;
  appUrl: string;
  /** From HUBSPOT_CLIENT_ID / _SECRET; needed to refresh OAuth tokens. */
  clientId: string | null;
  clientSecret: string | null;
  /** `<CRM_PULSE_PUBLIC_URL>/oauth/hubspot/callback`, or null when the public URL is unset. */
  redirectUri: string | null;
  requestsPer10s: number;
}

export interface SalesforceSettings {
  /** From SALESFORCE_CLIENT_ID / _SECRET (the External Client App); needed to refresh OAuth tokens. */
  clientId: string | null;
  clientSecret: string | null;
  /** `<CRM_PULSE_PUBLIC_URL>/oauth/salesforce/callback`, or null when the public URL is unset. */
  redirectUri: string | null;
  /** SALESFORCE_LOGIN_URL: the install flow's default login domain. */
  loginUrl: string;
  /** SALESFORCE_BUDGET_PERCENT as a share: a connection pauses when the org's 24-hour API usage reaches it. */
  budgetShare: number;
  /** SALESFORCE_BULK_THRESHOLD: above this many changed Accounts a read goes through Bulk API 2.0. */
  bulkThreshold: number;
}

export interface ConnectorDeps {
  hubspot: HubSpotSettings;
  salesforce: SalesforceSettings;
  windows: WindowStore;
  tokens: TokenStore;
  metrics: Metrics;
  /** Where property definitions and pipeline stages are kept between runs (the store). Default: not kept. */
  definitions?: DefinitionCache;
  /** Test seams: the clock and the sleep of retries and the limiter. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The OAuth client of the HubSpot app, or a ConnectionError naming the settings it lacks. */
export function hubspotOAuth(settings: HubSpotSettings): hubspot.HubSpotOAuth {
  if (!settings.clientId || !settings.clientSecret || !settings.redirectUri) {
    throw new ConnectionError(
      'HUBSPOT_OAUTH_CONFIG',
      'HubSpot OAuth needs HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL; set them from the app\'s Auth page and the server\'s public URL',
    );
  }
  return new hubspot.HubSpotOAuth({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: settings.redirectUri,
    appUrl: settings.appUrl,
    apiVersion: settings.apiVersion,
    transport: new hubspot.HubSpotTransport({ baseUrl: settings.baseUrl, recorder: { record: () => {} } }),
  });
}

/**
 * The OAuth client of the crm-pulse External Client App on a login domain (default
 * SALESFORCE_LOGIN_URL), or a ConnectionError naming the settings it lacks.
 */
export function salesforceOAuth(settings: SalesforceSettings, loginUrl: string | null = null): salesforce.SalesforceOAuth {
  if (!settings.clientId || !settings.clientSecret || !settings.redirectUri) {
    throw new ConnectionError(
      'SALESFORCE_OAUTH_CONFIG',
      "Salesforce OAuth needs SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL; set them from the crm-pulse External Client App's consumer key and secret (Setup > External Client App Manager > crm-pulse > Settings > OAuth Settings) and the server's public URL",
    );
  }
  return new salesforce.SalesforceOAuth({ clientId: settings.clientId, clientSecret: settings.clientSecret, redirectUri: settings.redirectUri, loginUrl: loginUrl ?? settings.loginUrl });
}

export function createConnector(target: ConnectorTarget, deps: ConnectorDeps): Connector {
  return target.kind === 'salesforce' ? salesforceConnector(target, deps) : hubspotConnector(target, deps);
}

function salesforceConnector(target: ConnectorTarget, deps: ConnectorDeps): Connector {
  if (!target.instanceUrl) {
    throw new ConnectionError('SALESFORCE_NO_INSTANCE_URL', `connection ${target.connectionId} does not say which Salesforce instance its org is on; connect the org again at /install/salesforce`);
  }
  const auth: salesforce.AccessTokenSource = target.refreshToken
    ? new salesforce.OAuthTokenSource({ oauth: salesforceOAuth(deps.salesforce, target.loginUrl), store: deps.tokens, connectionId: target.connectionId })
    : target.clientCredentials
      ? new salesforce.ClientCredentialsToken({ myDomainUrl: target.instanceUrl, clientId: deps.salesforce.clientId ?? '', clientSecret: deps.salesforce.clientSecret ?? '' })
      : new salesforce.FixedAccessToken(target.accessToken ?? undefined);
  return new salesforce.SalesforceConnector({
    instanceUrl: target.instanceUrl,
    auth,
    recorder: new TalliedRecorder('salesforce', deps.metrics),
    budgetShare: deps.salesforce.budgetShare,
    bulkThreshold: deps.salesforce.bulkThreshold,
    now: deps.now,
    sleep: deps.sleep,
  });
}

function hubspotConnector(target: ConnectorTarget, deps: ConnectorDeps): Connector {
  const auth: hubspot.AccessTokenSource = target.refreshToken
    ? new hubspot.OAuthTokenSource({ oauth: hubspotOAuth(deps.hubspot), store: deps.tokens, connectionId: target.connectionId, now: deps.now })
    : new hubspot.ServiceKeyToken(target.accessToken ?? undefined);
  return new hubspot.HubSpotConnector({
    baseUrl: deps.hubspot.baseUrl,
    apiVersion: deps.hubspot.apiVersion,
    portalId: target.crmAccountId ?? target.connectionId,
    auth,
    windows: new ObservedWindowStore(deps.windows, 'hubspot', deps.metrics),
    limits: { requestsPer10s: deps.hubspot.requestsPer10s },
    recorder: new TalliedRecorder('hubspot', deps.metrics),
    definitions: new Definitions(deps.definitions ?? noDefinitionCache, target.connectionId, deps.now ?? Date.now),
    now: deps.now,
    sleep: deps.sleep,
  });
}
