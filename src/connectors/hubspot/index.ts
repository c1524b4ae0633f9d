// Public surface of the HubSpot connector.
export { HubSpotConnector, type HubSpotConnectorOptions } from './connector.ts';
export { ServiceKeyToken, OAuthTokenSource, type AccessTokenSource, type OAuthTokenSourceOptions } from './auth.ts';
export { HubSpotOAuth, DEFAULT_APP_URL, type HubSpotOAuthOptions } from './oauth.ts';
export { HubSpotTransport, DEFAULT_BASE_URL, type TransportOptions } from './transport.ts';
export { REQUIRED_SCOPES } from './scopes.ts';
export { type HubSpotLimits } from './limits.ts';
export { verifySignature, parseWebhook, SIGNATURE_MAX_AGE_MS, type SignedRequest, type Verification, type WebhookChange, type WebhookEvent, type ParsedWebhook } from './webhook.ts';
