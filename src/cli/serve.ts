// `crm-pulse serve`: the HTTP server (install flows, webhooks, record card, admin API, health and
// metrics). It runs no jobs: run `crm-pulse worker` beside it. At start it makes sure every
// connection has its schedule; on SIGTERM it stops accepting connections, finishes the requests
// under way and exits.
import type { Server } from 'node:http';
import { hubspotOAuth, salesforceOAuth } from '../connectors/index.ts';
import { createApp, type HttpDeps } from '../http/index.ts';
import { scheduleAll } from '../jobs/index.ts';
import { MetricsPage } from '../observe/index.ts';
import type { Runtime } from './runtime.ts';
import { untilStopSignal } from './signals.ts';
import { scheduleSettings } from './worker.ts';
import { CLOSE_MS, settlesWithin } from './shutdown.ts';

export function httpDeps(rt: Runtime): HttpDeps {
  return {
    store: rt.store,
    redis: rt.redis,
    queue: rt.queue,
    contexts: rt.contexts,
    logger: rt.logger,
    metrics: rt.metrics,
    metricsPage: new MetricsPage(rt.redis, rt.store.keys.prefix, () => rt.queue.getJobCounts()),
    adminToken: rt.env.CRM_PULSE_ADMIN_TOKEN ?? null,
    publicUrl: rt.env.CRM_PULSE_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    hubspotClientSecret: rt.hubspot.clientSecret,
    hubspotOAuth: () => hubspotOAuth(rt.hubspot),
    salesforceOAuth: (loginUrl) => salesforceOAuth(rt.salesforce, loginUrl),
    schedule: scheduleSettings(rt),
    now: rt.jobs.now,
    asOf: rt.jobs.asOf,
  };
}

export async function runServer(rt: Runtime): Promise<void> {
  await scheduleAll(rt.queue, await rt.contexts.ids(), scheduleSettings(rt));
  const app = createApp(httpDeps(rt));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(rt.env.PORT, () => resolve(s));
  });
  const address = server.address();
  rt.logger.info({ port: typeof address === 'object' && address ? address.port : rt.env.PORT }, 'server ready');
  const signal = await untilStopSignal();
  rt.logger.info({ signal }, 'stopping: finishing the requests under way');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!(await settlesWithin(rt.close(), CLOSE_MS))) {
    rt.logger.warn('Redis connections did not close in time: exiting without them');
    process.exit(process.exitCode ?? 0);
  }
}
