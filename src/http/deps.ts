// What the HTTP server works with, built once at start (cli/serve.ts) or by a test.
import type { Queue } from 'bullmq';
import type { Secret } from '../config/secret.ts';
import type { HubSpotOAuth } from '../connectors/hubspot/index.ts';
import type { SalesforceOAuth } from '../connectors/salesforce/index.ts';
import type { ScheduleSettings } from '../jobs/schedules.ts';
import type { Logger } from '../observe/logger.ts';
import type { Metrics } from '../observe/metrics.ts';
import type { MetricsPage } from '../observe/render-metrics.ts';
import type { Store } from '../store/index.ts';
import type { RedisClient } from '../store/redis.ts';
import type { Contexts } from '../jobs/contexts.ts';

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
  now: () => number;
}
