// The public face of src/model: what other parts may use. Everything else can change without
// looking outside the folder.
export { AccountSchema, accountFields, CANONICAL_FIELDS, type Account, type CanonicalField } from './account.ts';
export { ActivitySchema, DealSchema, MAX_MEETING_MINUTES, type Activity, type Deal, type Ticket } from './activity.ts';
export { MAX_MONEY } from './numbers.ts';
export { MAX_DAYS } from './policy-schema.ts';
export { ApiUsageSchema, type ApiUsage } from './api-usage.ts';
export { CRM_KINDS, HUBSPOT_API_VERSIONS, type Checkpoint, type CrmKind, type HubSpotApiVersion } from './crm.ts';
export { DAY_MS, addBusinessDays, dayNumber, formatDay, parseAsOf, parseInstant } from './dates.ts';
export { ConnectionError, PulseError, RecordError, RetryableError } from './errors.ts';
export { API_ERROR_CODES, ERROR_CODES, type ApiErrorCode, type ErrorAction, type ErrorCode, type ErrorCodeInfo } from './error-codes.ts';
export { COMPARISONS, PolicyError, describeIssues, resolvePolicy, tierNames, type Condition, type Policy } from './policy.ts';
export { AccountRecordSchema, type AccountRecord } from './record.ts';
export { TASK_KINDS, type Snapshot, type TaskIntent, type TaskKind, type TaskState } from './state.ts';
export type { StoredTokens, TokenStore } from './tokens.ts';
export { CHURN_SIGNALS, HANDOFF_STATUSES, HEALTH_BANDS, LIFECYCLE_STAGES, RENEWAL_STAGES, WRITE_FIELDS, type Band, type HandoffStatus, type LifecycleStage, type RenewalStage, type SignalCode, type WriteBackValues, type WriteField, type WriteValue } from './write-back.ts';
export { UnreachableError } from './errors.ts';
