// Every error code crm-pulse gives, in one place: what happened and what an admin does about it.
// Each PulseError draws its code from here (a code not listed does not compile), the run summary,
// the admin API and the logs carry the code, and docs/errors.md is generated from this list
// (`npm run docs:errors`; a test fails when it is out of date).
//
// `action` is what crm-pulse does next: retry later, stop the connection until an admin acts
// (or, for a budget, until it resets), or skip the one record and go on.

export type ErrorAction = 'retry' | 'stop' | 'skip';

export interface ErrorCodeInfo {
  action: ErrorAction;
  /** What happened, in an admin's words. */
  happened: string;
  /** What the admin does; "nothing" where crm-pulse recovers by itself. */
  fix: string;
}

export const ERROR_CODES = {
  // Settings: environment, mapping, policy, stored connections
  BAD_ENV: { action: 'stop', happened: 'An environment variable is missing or invalid; the message names each one.', fix: 'Set the variables it names (README, Configuration) and start the process again.' },
  NO_ENCRYPTION_KEY: { action: 'stop', happened: 'A connection must be stored or read but CRM_PULSE_ENCRYPTION_KEY is not set.', fix: 'Set CRM_PULSE_ENCRYPTION_KEY (32 random bytes, base64) on every process.' },
  BAD_MAPPING: { action: 'stop', happened: 'The field mapping is invalid, or names CRM fields the account object lacks or cannot feed the canonical field.', fix: 'Correct the mapping (the message names each problem by path) and save it again.' },
  BAD_POLICY: { action: 'stop', happened: 'The scoring policy is invalid; the message names each problem by path.', fix: 'Correct the policy and save it again (docs/policy.md lists every setting).' },
  BAD_VALUE: { action: 'skip', happened: "A CRM value could not be read (wrong type, out of range): a mapped account field, or an activity's duration or a deal's amount; the account was scored without it.", fix: 'Correct the value in the CRM (the record is named), or the transform in the mapping.' },
  NOT_CONNECTED: { action: 'stop', happened: 'The connection does not exist (deleted, or never connected).', fix: 'Connect the CRM again (/install/hubspot or /install/salesforce), or stop referring to the old id.' },
  CORRUPT_CONNECTION: { action: 'stop', happened: 'A stored connection record no longer validates.', fix: 'Delete the connection and connect the CRM again.' },
  CREDENTIALS_UNREADABLE: { action: 'stop', happened: "A connection's sealed credentials cannot be opened with the encryption keys this process has.", fix: 'Start the process with the key that sealed them (CRM_PULSE_ENCRYPTION_KEY, or in CRM_PULSE_ENCRYPTION_KEYS_OLD), or connect the CRM again.' },
  STORE_CONTENDED: { action: 'retry', happened: 'Another process changed the same connection record at the same time.', fix: 'Nothing: the job retries.' },
  REDIS_UNAVAILABLE: { action: 'stop', happened: 'Redis did not answer at REDIS_URL.', fix: 'Start Redis or correct REDIS_URL.' },
  WRONG_CRM: { action: 'stop', happened: "A command for one CRM was given a connection of the other.", fix: 'Pass the id of a connection of that CRM (GET /api/connections lists them).' },
  TASK_UNSETTLED: { action: 'retry', happened: 'Every create of a task in the run went unanswered, and each lookup showed it was not made.', fix: 'Nothing: the task stays reserved and the next run settles it first (looks it up, creates it if missing).' },
  UNKNOWN_JOB: { action: 'retry', happened: 'A worker took a job it does not know: an older worker beside a newer server.', fix: 'Run the same crm-pulse version on every process; the job waits for a worker that knows it.' },
  TOO_MANY_INSTALLS: { action: 'retry', happened: 'One client address started more installs in a minute than CRM_PULSE_OAUTH_STATES_PER_MINUTE allows (429).', fix: 'Wait a minute and start the install again; raise the setting if many admins share one address.' },
  INSTALLS_BUSY: { action: 'retry', happened: 'More installs are under way than CRM_PULSE_OAUTH_STATES_MAX allows (429).', fix: 'Wait and start the install again; raise CRM_PULSE_OAUTH_STATES_MAX if real installs are refused.' },
  HISTORY_READ_TAKEN_OVER: { action: 'retry', happened: "A batch reading the history its whole run shares stalled for more than a minute, and another batch started that read again.", fix: 'Nothing: the job retries and takes its records from the other batch\'s read.' },
  RUN_FAILED: { action: 'stop', happened: 'A run ended without a result (its job failed); the message is the job\'s reason.', fix: 'Read the reason; run again once it is fixed.' },
  // HubSpot
  HUBSPOT_NO_TOKEN: { action: 'stop', happened: 'The HubSpot connection has no access token.', fix: 'Set HUBSPOT_ACCESS_TOKEN to a HubSpot Service Key, or connect the HubSpot account through the app.' },
  HUBSPOT_NOT_CONNECTED: { action: 'stop', happened: 'The HubSpot OAuth tokens are gone (app uninstalled, or the connection was deleted).', fix: 'Connect the HubSpot account again at /install/hubspot.' },
  HUBSPOT_OAUTH_CONFIG: { action: 'stop', happened: 'HubSpot OAuth needs the app\'s client id and secret and the public URL.', fix: 'Set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL.' },
  HUBSPOT_OAUTH_REJECTED: { action: 'stop', happened: 'HubSpot refused to refresh or grant the OAuth token.', fix: 'Connect the HubSpot account again at /install/hubspot.' },
  HUBSPOT_OAUTH_UNAVAILABLE: { action: 'retry', happened: "HubSpot's token endpoint did not answer or answered 5xx.", fix: 'Nothing: the job retries.' },
  HUBSPOT_OAUTH_UNEXPECTED: { action: 'retry', happened: "HubSpot's token endpoint answered something crm-pulse does not understand.", fix: 'Nothing at first; if it persists, check HUBSPOT_BASE_URL.' },
  HUBSPOT_UNAUTHORIZED: { action: 'stop', happened: 'HubSpot rejected the access token (401).', fix: 'Set the Service Key\'s current token (HUBSPOT_ACCESS_TOKEN), or connect the HubSpot account again.' },
  HUBSPOT_MISSING_SCOPES: { action: 'stop', happened: 'The token lacks scopes crm-pulse needs (403 MISSING_SCOPES).', fix: 'Grant the scopes docs/hubspot.md lists, then connect again.' },
  HUBSPOT_FORBIDDEN: { action: 'stop', happened: 'HubSpot refused a call (403).', fix: "Check that the app is installed in this account and its subscription includes the objects crm-pulse reads." },
  HUBSPOT_DAILY_LIMIT: { action: 'stop', happened: "The HubSpot account's daily API limit is spent.", fix: 'Nothing: the connection resumes after midnight in the account\'s time zone.' },
  HUBSPOT_RATE_LIMITED: { action: 'retry', happened: 'HubSpot answered 429 (ten-second or secondly limit).', fix: 'Nothing: crm-pulse waits and retries.' },
  HUBSPOT_UNAVAILABLE: { action: 'retry', happened: 'HubSpot answered 5xx.', fix: 'Nothing: crm-pulse retries with backoff.' },
  HUBSPOT_NETWORK: { action: 'retry', happened: 'HubSpot did not answer (connection refused or reset, DNS, timeout).', fix: 'Nothing for a passing fault; if it persists, check HUBSPOT_BASE_URL and the network.' },
  HUBSPOT_UNREACHABLE: { action: 'retry', happened: 'Nothing answers at HUBSPOT_BASE_URL (name not found, connection refused, timeout) and HubSpot has not answered this process once.', fix: 'Correct HUBSPOT_BASE_URL (default https://api.hubapi.com) or the network; a worker keeps retrying, a one-shot run stops at once.' },
  HUBSPOT_NOT_HUBSPOT: { action: 'stop', happened: 'The host at HUBSPOT_BASE_URL answered 401 or 403, but not as HubSpot does.', fix: 'Point HUBSPOT_BASE_URL at HubSpot (https://api.hubapi.com) or at the sandbox.' },
  HUBSPOT_UNEXPECTED_ANSWER: { action: 'retry', happened: 'HubSpot answered in a shape crm-pulse does not understand.', fix: 'Nothing at first; if it persists, report it with the route.' },
  HUBSPOT_REJECTED: { action: 'skip', happened: 'HubSpot rejected a request (4xx) for the records in it.', fix: 'Read the message: it quotes HubSpot; correct the record or setting it names.' },
  HUBSPOT_WRITE_REJECTED: { action: 'skip', happened: 'HubSpot refused to write crm-pulse values on one company.', fix: 'Read the message; usually a property was changed by hand (type or options): run a full sync to recreate our properties.' },
  HUBSPOT_TASK_REJECTED: { action: 'skip', happened: 'HubSpot refused to create one task.', fix: 'Read the message (owner, association); the next run plans the task again.' },
  HUBSPOT_TASK_UNCONFIRMED: { action: 'retry', happened: 'A task create got no answer: HubSpot may or may not have made it.', fix: 'Nothing: the key is looked up and the task settled in the same run (at the start of the next one if HubSpot stays unreachable), never made twice.' },
  HUBSPOT_SCHEMA_REJECTED: { action: 'stop', happened: "HubSpot refused to create crm-pulse's property group or properties.", fix: 'Grant the crm.schemas.companies.write scope, or create the properties docs/hubspot.md lists.' },
  HUBSPOT_SEARCH_STUCK: { action: 'retry', happened: 'HubSpot search kept returning the same page (past its 10,000-result cap, or after the last id read).', fix: 'Nothing: the next run starts from the saved checkpoint.' },
  // Salesforce
  SALESFORCE_NO_TOKEN: { action: 'stop', happened: 'The Salesforce connection has no access token.', fix: 'Set SALESFORCE_ACCESS_TOKEN, or connect the org through /install/salesforce.' },
  SALESFORCE_NO_REFRESH_TOKEN: { action: 'stop', happened: 'Salesforce granted no refresh token.', fix: 'Add the refresh_token scope to the External Client App and connect again.' },
  SALESFORCE_NO_INSTANCE_URL: { action: 'stop', happened: 'The connection does not say which Salesforce instance its org is on.', fix: 'Set SALESFORCE_INSTANCE_URL, or connect the org again at /install/salesforce.' },
  SALESFORCE_NOT_CONNECTED: { action: 'stop', happened: 'The Salesforce OAuth tokens are gone or were revoked.', fix: 'Connect the org again at /install/salesforce.' },
  SALESFORCE_OAUTH_CONFIG: { action: 'stop', happened: 'Salesforce OAuth needs the External Client App\'s consumer key and secret and the public URL.', fix: 'Set SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL.' },
  SALESFORCE_OAUTH_REJECTED: { action: 'stop', happened: 'Salesforce refused to refresh or grant the OAuth token.', fix: 'Connect the org again at /install/salesforce.' },
  SALESFORCE_OAUTH_UNAVAILABLE: { action: 'retry', happened: "Salesforce's token endpoint did not answer or answered 5xx.", fix: 'Nothing: the job retries.' },
  SALESFORCE_OAUTH_UNEXPECTED: { action: 'retry', happened: "Salesforce's token endpoint answered something crm-pulse does not understand.", fix: 'Nothing at first; if it persists, check SALESFORCE_LOGIN_URL.' },
  SALESFORCE_UNAUTHORIZED: { action: 'stop', happened: 'Salesforce rejected the access token (401).', fix: 'Set a fresh SALESFORCE_ACCESS_TOKEN, or connect the org again.' },
  SALESFORCE_FORBIDDEN: { action: 'stop', happened: 'Salesforce refused a call (403): API disabled, or the user lacks a permission.', fix: 'Assign the Crm_Pulse permission set to the connecting user (docs/salesforce.md).' },
  SALESFORCE_DAILY_BUDGET: { action: 'stop', happened: "The org's 24-hour API usage reached SALESFORCE_BUDGET_PERCENT (or the allocation).", fix: 'Nothing: the connection resumes as the usage falls; raise SALESFORCE_BUDGET_PERCENT to allow more.' },
  SALESFORCE_CONCURRENCY_LIMIT: { action: 'retry', happened: 'Salesforce refused a request for too many long-running ones at once.', fix: 'Nothing: crm-pulse waits and retries.' },
  SALESFORCE_ROW_LOCKED: { action: 'retry', happened: 'A record was locked by another transaction (UNABLE_TO_LOCK_ROW).', fix: 'Nothing: crm-pulse retries.' },
  SALESFORCE_UNAVAILABLE: { action: 'retry', happened: 'Salesforce answered 5xx.', fix: 'Nothing: crm-pulse retries with backoff.' },
  SALESFORCE_NETWORK: { action: 'retry', happened: 'Salesforce did not answer (connection refused or reset, DNS, timeout).', fix: 'Nothing for a passing fault; if it persists, check SALESFORCE_INSTANCE_URL and the network.' },
  SALESFORCE_UNREACHABLE: { action: 'retry', happened: "Nothing answers at the org's instance URL (name not found, connection refused, timeout) and Salesforce has not answered this process once.", fix: 'Correct SALESFORCE_INSTANCE_URL (or connect the org again) or the network; a worker keeps retrying, a one-shot run stops at once.' },
  SALESFORCE_NOT_SALESFORCE: { action: 'stop', happened: "The host at the org's instance URL answered 401 or 403, but not as Salesforce does.", fix: "Point SALESFORCE_INSTANCE_URL at the org's My Domain URL, or connect the org again." },
  SALESFORCE_UNEXPECTED_ANSWER: { action: 'stop', happened: 'Salesforce answered in a shape crm-pulse does not understand.', fix: 'Check SALESFORCE_INSTANCE_URL points at the org; report it with the route if it does.' },
  SALESFORCE_BULK_SLOW: { action: 'retry', happened: 'A Bulk API 2.0 query job did not finish in time.', fix: 'Nothing: the job retries.' },
  SALESFORCE_BULK_JOB_LOST: { action: 'retry', happened: 'A Bulk API 2.0 query job failed, was aborted or is gone.', fix: 'Nothing: the read starts a new job.' },
  SALESFORCE_SCHEMA: { action: 'stop', happened: 'A field or object crm-pulse reads or writes is missing or not accessible.', fix: 'Deploy manifests/salesforce and assign Crm_Pulse (docs/salesforce.md).' },
  SALESFORCE_SCHEMA_MISSING: { action: 'stop', happened: "crm-pulse's Pulse fields are not in the org.", fix: 'Deploy manifests/salesforce and assign Crm_Pulse (docs/salesforce.md).' },
  SALESFORCE_TASK_PICKLISTS: { action: 'stop', happened: "The org's Task Status or Priority picklist has no value crm-pulse can use.", fix: 'Add an open Status and a Priority value to the Task picklists.' },
  SALESFORCE_REJECTED: { action: 'skip', happened: 'Salesforce rejected a request (4xx) for the records in it.', fix: 'Read the message: it quotes Salesforce; correct the record or setting it names.' },
  SALESFORCE_WRITE_REJECTED: { action: 'skip', happened: 'Salesforce refused to save crm-pulse values on one Account.', fix: 'Read the message (validation rule, field access); fix it in the org.' },
  SALESFORCE_TASK_REJECTED: { action: 'skip', happened: 'Salesforce refused to create one Task.', fix: 'Read the message (owner, validation rule); the next run plans the task again.' },
  SALESFORCE_TASK_UNCONFIRMED: { action: 'retry', happened: 'A Task create got no answer: Salesforce may or may not have made it.', fix: 'Nothing: the key is looked up and the task settled in the same run (at the start of the next one if Salesforce stays unreachable), never made twice.' },
  // Writing values
  BAD_WRITE_VALUE: { action: 'skip', happened: 'A value crm-pulse was about to write does not fit the CRM field.', fix: 'Check that the crm-pulse field in the CRM was not changed by hand (type, length, options).' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Codes only the HTTP API answers with (`{ error: { code, errors } }`), besides the codes above,
 * which it passes on: a bad request, a refused sign-in or signature, a missing setting.
 */
export const API_ERROR_CODES = {
  BAD_REQUEST: { status: 400, happened: 'The request is malformed.', fix: 'Correct the request; `errors` says what is wrong.' },
  INVALID_JSON: { status: 400, happened: 'The body is not valid JSON.', fix: 'Send a JSON body.' },
  INVALID_BODY: { status: 422, happened: 'The body does not have the shape the route takes; each problem is named by path.', fix: 'Correct the fields it names (README, Admin API).' },
  INVALID_QUERY: { status: 400, happened: 'A query parameter is missing or invalid.', fix: 'Correct the parameter it names.' },
  INVALID_PATH: { status: 400, happened: 'A path parameter (e.g. a connection id) is invalid.', fix: 'Use a connection id of letters, digits, _ and -.' },
  BAD_STATE: { status: 400, happened: 'The OAuth state of an install callback is unknown or expired.', fix: 'Start the install again from its install link.' },
  HUBSPOT_DECLINED: { status: 400, happened: 'HubSpot did not connect: the install was declined or failed there.', fix: 'Start the install again at /install/hubspot.' },
  SALESFORCE_DECLINED: { status: 400, happened: 'Salesforce did not connect: the install was declined or failed there.', fix: 'Start the install again at /install/salesforce.' },
  MISSING_BODY: { status: 400, happened: 'A write route got no body, or an empty one.', fix: 'Send the JSON body the route takes (`{}` for its defaults).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, happened: 'A write route got a body that is not `application/json` (e.g. curl -d sends a form).', fix: 'Send `Content-Type: application/json` (curl: `-H "Content-Type: application/json"` or `--json`).' },
  UNAUTHORIZED: { status: 401, happened: 'The admin token is missing or wrong.', fix: 'Send `Authorization: Bearer <CRM_PULSE_ADMIN_TOKEN>`.' },
  CSRF: { status: 403, happened: "A console write came without the session's CSRF token (or with a stale one).", fix: 'Reload the console page and submit again.' },
  BAD_SIGN_IN_LINK: { status: 400, happened: 'A console sign-in link was used already or has expired.', fix: 'Sign in with the admin token, or start the demo again for a new link.' },
  BAD_SIGNATURE: { status: 401, happened: "A HubSpot request's signature does not verify (or is too old).", fix: 'Check HUBSPOT_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL match the app.' },
  NOT_FOUND: { status: 404, happened: 'No such route or connection.', fix: 'Check the URL and the connection id.' },
  NOT_SCORED: { status: 404, happened: 'The account has not been scored yet.', fix: 'Run a sync of the connection first.' },
  IMPACT_NEEDS_RUN: { status: 409, happened: 'The impact preview cannot re-score this draft from what is cached: it changes the mapping, the history windows or the high ticket priorities, or the accounts were last scored under settings not yet run.', fix: 'Save the draft and let its full run show the effect, or run a full run first and preview again; `errors` names the setting.' },
  ENV_CONNECTION: { status: 409, happened: 'The connection is described by the environment and cannot be changed through the API.', fix: 'Change its environment variables, or connect the CRM through the app.' },
  ADMIN_DISABLED: { status: 503, happened: 'The admin API is off: CRM_PULSE_ADMIN_TOKEN is not set.', fix: 'Set CRM_PULSE_ADMIN_TOKEN on the server.' },
  HUBSPOT_NOT_CONFIGURED: { status: 503, happened: 'The server cannot verify requests from HubSpot.', fix: 'Set HUBSPOT_CLIENT_SECRET and CRM_PULSE_PUBLIC_URL.' },
  INTERNAL: { status: 500, happened: 'crm-pulse failed to answer.', fix: 'The server log has the cause; report it.' },
} as const satisfies Record<string, { status: number; happened: string; fix: string }>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;
