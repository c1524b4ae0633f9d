// The public face of src/connectors: what other parts may use. Everything else can change without
// looking outside the folder.
export type { Connector, CrmTask, FieldHistoryRead, MappedAccount, SchemaChange, TaskRef, TaskToCreate } from './connector.ts';
export type { DefinitionCache, SavedDefinition } from './definitions.ts';
export { createConnector, hubspotOAuth, salesforceOAuth, type ConnectorDeps, type ConnectorTarget, type HubSpotSettings, type SalesforceSettings } from './factory.ts';
export { affectedIds, parseWebhook, verifySignature, type HubSpotOAuth, type WebhookEvent } from './hubspot/index.ts';
export { PULSE_GROUP } from './hubspot/pulse-properties.ts';
export { signV3 } from './hubspot/webhook.ts';
export type { ValueProblem } from './mapping/apply.ts';
export { mappingProblems } from './mapping/check.ts';
export { MappingSchema, parseMapping, type Mapping } from './mapping/schema.ts';
export { tallyCalls } from './observed.ts';
export { RedisWindowStore } from './rate-limit/redis.ts';
export { FixedAccessToken, SalesforceConnector, SANDBOX_LOGIN_URL, type SalesforceOAuth } from './salesforce/index.ts';
export { ACCOUNT_FIELDS, ACTIVITY_FIELDS } from './salesforce/pulse-fields.ts';
export { formatSchemaReport, type SchemaReport } from './salesforce/schema-check.ts';
