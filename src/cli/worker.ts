// `crm-pulse worker`: queue workers only. Start as many as the load needs, on any host, against
// the one Redis: they share the jobs and each CRM account's rate limit. At start each worker makes
// sure every connection has its schedule; on SIGTERM it stops taking jobs, finishes those under
// way (a job cut short is taken up again by another worker once its lock lapses) and exits.
import { scheduleAll, startWorker } from '../jobs/index.ts';
import type { Runtime } from './runtime.ts';
import { untilStopSignal } from './signals.ts';

export function scheduleSettings(rt: Runtime) {
  return { everyMinutes: rt.env.CRM_PULSE_SYNC_EVERY_MINUTES, fullCron: rt.env.CRM_PULSE_FULL_SYNC_CRON };
}

export async function runWorker(rt: Runtime): Promise<void> {
  const ids = await rt.contexts.ids();
  await scheduleAll(rt.queue, ids, scheduleSettings(rt));
  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: rt.env.CRM_PULSE_REDIS_PREFIX, concurrency: rt.env.CRM_PULSE_CONCURRENCY, lockMs: rt.env.CRM_PULSE_LOCK_MS, outage: rt.outage });
  await worker.waitUntilReady();
  rt.logger.info({ connections: ids, concurrency: rt.env.CRM_PULSE_CONCURRENCY }, 'worker ready');
  const signal = await untilStopSignal();
  rt.logger.info({ signal }, 'stopping: finishing the jobs under way');
  await worker.close();
  await rt.close();
}
