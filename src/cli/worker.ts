// `crm-pulse worker`: queue workers only. Start as many as the load needs, on any host, against
// the one Redis: they share the jobs and each CRM account's rate limit. At start each worker makes
// sure every connection has its schedule; on SIGTERM it stops taking jobs, finishes those under
// way (a job cut short is taken up again by another worker once its lock lapses) and exits.
import { scheduleAll, startWorker } from '../jobs/index.ts';
import type { Runtime } from './runtime.ts';
import { CLOSE_MS, settlesWithin } from './shutdown.ts';
import { untilStopSignal } from './signals.ts';

export function scheduleSettings(rt: Runtime) {
  return { everyMinutes: rt.env.CRM_PULSE_SYNC_EVERY_MINUTES, fullCron: rt.env.CRM_PULSE_FULL_SYNC_CRON, backtestCron: rt.env.CRM_PULSE_BACKTEST_CRON };
}

export async function runWorker(rt: Runtime): Promise<void> {
  const ids = await rt.contexts.ids();
  await scheduleAll(rt.queue, ids, scheduleSettings(rt));
  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix: rt.env.CRM_PULSE_REDIS_PREFIX, concurrency: rt.env.CRM_PULSE_CONCURRENCY, lockMs: rt.env.CRM_PULSE_LOCK_MS, outage: rt.outage });
  let underWay = 0;
  worker.on('active', () => (underWay += 1));
  for (const done of ['completed', 'failed'] as const) worker.on(done, () => (underWay -= 1));
  await worker.waitUntilReady();
  rt.logger.info({ connections: ids, concurrency: rt.env.CRM_PULSE_CONCURRENCY }, 'worker ready');
  const signal = await untilStopSignal();
  rt.logger.info({ signal, jobs: underWay }, 'stopping: finishing the jobs under way');
  // Jobs under way get a lock time to finish (past it another worker takes them up anyway).
  const graceful = await settlesWithin(worker.close(), underWay > 0 ? rt.env.CRM_PULSE_LOCK_MS : CLOSE_MS);
  if (!graceful) {
    rt.logger.warn({ jobs: underWay }, 'the queue worker did not close in time: closing it by force; a job it held is taken up by another worker once its lock lapses');
    await settlesWithin(worker.close(true), CLOSE_MS);
  }
  const closed = await settlesWithin(rt.close(), CLOSE_MS);
  // A close that hung leaves its connection open, and an open connection keeps the process alive.
  if (!graceful || !closed) {
    if (!closed) rt.logger.warn('Redis connections did not close in time: exiting without them');
    process.exit(process.exitCode ?? 0);
  }
}
