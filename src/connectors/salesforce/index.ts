// Public surface of the Salesforce connector.
export { SalesforceConnector, type SalesforceConnectorOptions } from './connector.ts';
export { ClientCredentialsToken, type ClientCredentialsOptions } from './client-credentials.ts';
export { FixedAccessToken, OAuthTokenSource, type AccessTokenSource, type OAuthTokenSourceOptions, type RefreshedToken } from './auth.ts';
export { SalesforceOAuth, DEFAULT_LOGIN_URL, SANDBOX_LOGIN_URL, SCOPES, type SalesforceGrant, type SalesforceOAuthOptions } from './oauth.ts';
export { API_VERSION } from './transport.ts';
export { type ApiUsage } from './budget.ts';
export { formatSchemaReport, DEPLOY, ASSIGN, type SchemaReport, type FieldCheck } from './schema-check.ts';
export { ACCOUNT_FIELDS, ACTIVITY_FIELDS, PERMISSION_SET } from './pulse-fields.ts';
