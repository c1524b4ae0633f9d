// Everything a crm-pulse process runs on, opened from the parsed environment: Redis (one client
// for the store, one for BullMQ), the store, the queue, shared metrics, logs, and the connection
// contexts the jobs use. `crm-pulse run`, `serve` and `worker` each open one and close it on exit.
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createConnector as realConnector, type HubSpotSettings, type SalesforceSettings, RedisWindowStore } from '../connectors/index.ts';
import { type JobDeps, createQueue, Contexts, type ConnectorFactory } from '../jobs/index.ts';
import { createLogger, type Logger, RedisMetrics, RedisOutage } from '../observe/index.ts';
import { envConnection, type Env } from '../config/index.ts';
import { ConnectionError } from '../model/index.ts';
import { createStore, Keyring, type Store } from '../store/index.ts';

export interface Runtime {
  env: Env;
  redis: Redis;
  /** BullMQ's client (it needs `maxRetriesPerRequest: null`); workers open their blocking clients from it. */
  bull: Redis;
  store: Store;
  /** From CRM_PULSE_ENCRYPTION_KEY(S_OLD); null when no key is set. */
  keyring: Keyring | null;
  queue: Queue;
  metrics: RedisMetrics;
  logger: Logger;
  /** Every Redis client and BullMQ object of the process reports its errors here (one line per outage). */
  outage: RedisOutage;
  contexts: Contexts;
  hubspot: HubSpotSettings;
  salesforce: SalesforceSettings;
  jobs: JobDeps;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Where logs go: 1 (stdout, default) or 2 (stderr, for `run`, whose stdout is its summary). */
  logFd?: 1 | 2;
  logLevel?: string;
  /** Instead of a logger of its own (tests read what was logged). */
  logger?: Logger;
  /** Test seam: the connector factory (default: by CRM kind, connectors/factory.ts). */
  createConnector?: ConnectorFactory;
  now?: () => number;
}

/** Where Redis is, without a password the URL may hold. */
function redisPlace(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 6379}`;
}

export async function openRuntime(env: Env, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? env.LOG_LEVEL, fd: options.logFd });
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 3 });
  let lastError: Error | null = null;
  const remember = (error: Error) => {
    lastError = error;
  };
  redis.on('error', remember);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const cause = (lastError as Error | null)?.message ?? (error as Error).message;
    throw new ConnectionError('REDIS_UNAVAILABLE', `Redis at ${redisPlace(env.REDIS_URL)} (REDIS_URL) does not answer (${cause}); start Redis or fix REDIS_URL`);
  }
  // From here ioredis reconnects by itself; an outage is worth two log lines, not a crash.
  redis.off('error', remember);
  const outage = new RedisOutage(logger);
  outage.client(redis);
  const bull = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  outage.client(bull);
  const prefix = env.CRM_PULSE_REDIS_PREFIX;
  const keyring = env.CRM_PULSE_ENCRYPTION_KEY ? new Keyring(env.CRM_PULSE_ENCRYPTION_KEY.reveal(), env.CRM_PULSE_ENCRYPTION_KEYS_OLD.map((k) => k.reveal())) : null;
  const now = options.now ?? Date.now;
  const store = createStore({ redis, prefix, keyring, now, oauthStates: { perClientPerMinute: env.CRM_PULSE_OAUTH_STATES_PER_MINUTE, maxLive: env.CRM_PULSE_OAUTH_STATES_MAX } });
  const queue = createQueue(bull, prefix);
  const metrics = new RedisMetrics(redis, store.keys.prefix);
  outage.bull(queue, 'queue');
  const publicUrl = env.CRM_PULSE_PUBLIC_URL?.replace(/\/+$/, '') ?? null;
  const hubspot: HubSpotSettings = {
    baseUrl: env.HUBSPOT_BASE_URL,
    apiVersion: env.HUBSPOT_API_VERSION,
    appUrl: env.HUBSPOT_APP_URL,
    clientId: env.HUBSPOT_CLIENT_ID ?? null,
    clientSecret: env.HUBSPOT_CLIENT_SECRET?.reveal() ?? null,
    redirectUri: publicUrl ? `${publicUrl}/oauth/hubspot/callback` : null,
    requestsPer10s: env.HUBSPOT_REQUESTS_PER_10S,
  };
  const salesforce: SalesforceSettings = {
    clientId: env.SALESFORCE_CLIENT_ID ?? null,
    clientSecret: env.SALESFORCE_CLIENT_SECRET?.reveal() ?? null,
    redirectUri: publicUrl ? `${publicUrl}/oauth/salesforce/callback` : null,
    loginUrl: env.SALESFORCE_LOGIN_URL,
    budgetShare: env.SALESFORCE_BUDGET_PERCENT / 100,
    bulkThreshold: env.SALESFORCE_BULK_THRESHOLD,
  };
  const contexts = new Contexts({
    store,
    envConnection: envConnection(env),
    connectorDeps: { hubspot, salesforce, windows: new RedisWindowStore(redis, prefix), tokens: store.tokens, definitions: store.definitions, metrics, now },
    createConnector: options.createConnector ?? realConnector,
  });
  const jobs: JobDeps = { queue, contexts, store, metrics, logger, now, asOf: env.CRM_PULSE_AS_OF ?? null, lockMs: env.CRM_PULSE_LOCK_MS };
  return {
    env,
    redis,
    bull,
    store,
    keyring,
    queue,
    metrics,
    logger,
    outage,
    contexts,
    hubspot,
    salesforce,
    jobs,
    async close() {
      await metrics.close();
      await queue.close();
      await Promise.all([redis.quit(), bull.quit()]);
      logger.flush();
    },
  };
}
