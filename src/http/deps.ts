// What the HTTP server works with, built once at start (cli/serve.ts) or by a test.
import type { Queue } from 'bullmq';
import type { Secret } from '../config/index.ts';
import type { HubSpotOAuth, SalesforceOAuth } from '../connectors/index.ts';
import type { ScheduleSettings, Contexts } from '../jobs/index.ts';
import type { Logger, Metrics, MetricsPage } from '../observe/index.ts';
import type { Store, RedisClient } from '../store/index.ts';

export interface HttpDeps {
  store: Store;
  redis: RedisClient;
  queue: Queue;
  contexts: Contexts;
  logger: Logger;
  metrics: Metrics;
  metricsPage: MetricsPage;
  /** CRM_PULSE_ADMIN_TOKEN; null turns the admin API off. */
  adminToken: Secret | null;
  /** CRM_PULSE_PUBLIC_URL without a trailing slash. */
  publicUrl: string | null;
  /** HUBSPOT_CLIENT_SECRET: verifies webhook and card signatures. */
  hubspotClientSecret: string | null;
  /** The HubSpot app's OAuth client; throws a ConnectionError naming missing settings. */
  hubspotOAuth: () => HubSpotOAuth;
  /** The External Client App's OAuth client on a login domain (null: SALESFORCE_LOGIN_URL); throws a ConnectionError naming missing settings. */
  salesforceOAuth: (loginUrl: string | null) => SalesforceOAuth;
  schedule: ScheduleSettings;
  /** How long an admin console session lasts without a request. Default 30 minutes. */
  consoleIdleMs?: number;
  now: () => number;
  /** CRM_PULSE_AS_OF: runs score as of it, and so do the console's previews (null: now). */
  asOf?: number | null;
}
