// The public face of src/connectors: what other parts may use. Everything else can change without
// looking outside the folder.
export { HISTORY_KINDS, type AccountHistory, type Connector, type CrmTask, type FieldHistoryRead, type HistoryKind, type HistoryMinimum, type HistoryRecordType, type HistoryScope, type HistoryVolume, type MappedAccount, type RunHistory, type OwnWriteFence, type SampleAccount, type SchemaChange, type TaskRef, type TaskToCreate } from './connector.ts';
export { historyWindows } from './history-window.ts';
export type { DefinitionCache, SavedDefinition } from './definitions.ts';
export { createConnector, hubspotOAuth, salesforceOAuth, type ConnectorDeps, type ConnectorTarget, type HubSpotSettings, type SalesforceSettings } from './factory.ts';
export { parseWebhook, verifySignature, type HubSpotOAuth, type WebhookChange, type WebhookEvent } from './hubspot/index.ts';
export { PULSE_GROUP } from './hubspot/pulse-properties.ts';
export { signV3 } from './hubspot/webhook.ts';
export type { ValueProblem } from './mapping/apply.ts';
export { mappingProblems, READS as TRANSFORM_READS, type CrmField, type FieldKind } from './mapping/check.ts';
export { MAPPABLE, MappingSchema, parseMapping, TRANSFORMS, type Mapping, type MappableField, type Transform } from './mapping/schema.ts';
export { tallyCalls } from './observed.ts';
export { RedisWindowStore } from './rate-limit/redis.ts';
export { ClientCredentialsToken, FixedAccessToken, SalesforceConnector, SANDBOX_LOGIN_URL, type SalesforceOAuth } from './salesforce/index.ts';
export { ACCOUNT_FIELDS, ACTIVITY_FIELDS } from './salesforce/pulse-fields.ts';
export { formatSchemaReport, type SchemaReport } from './salesforce/schema-check.ts';
