// Each connection's schedule: an incremental sync every CRM_PULSE_SYNC_EVERY_MINUTES (15 by
// default), a full reconciliation on CRM_PULSE_FULL_SYNC_CRON (02:00 UTC by default) and the
// backtest on CRM_PULSE_BACKTEST_CRON (04:00 UTC by default: after the full run has refreshed the
// cached portfolio, and so that the day's report is ready before the day's first look), as
// BullMQ job schedulers firing `tick` jobs. Upserting is idempotent: every worker and server does
// it at start for every connection, and the install flow for a new one.
import type { Queue } from 'bullmq';
import type { TickData } from './queue.ts';

export interface ScheduleSettings {
  everyMinutes: number;
  fullCron: string;
  backtestCron: string;
}

const schedulerIds = (connectionId: string) => ({ incremental: `tick.incremental.${connectionId}`, full: `tick.full.${connectionId}`, backtest: `tick.backtest.${connectionId}` });

export async function scheduleConnection(queue: Queue, connectionId: string, settings: ScheduleSettings): Promise<void> {
  const ids = schedulerIds(connectionId);
  await queue.upsertJobScheduler(ids.incremental, { every: settings.everyMinutes * 60_000 }, { name: 'tick', data: { connectionId, mode: 'incremental' } satisfies TickData });
  await queue.upsertJobScheduler(ids.full, { pattern: settings.fullCron, tz: 'UTC' }, { name: 'tick', data: { connectionId, mode: 'full' } satisfies TickData });
  await queue.upsertJobScheduler(ids.backtest, { pattern: settings.backtestCron, tz: 'UTC' }, { name: 'tick', data: { connectionId, mode: 'backtest' } satisfies TickData });
}

/** Schedules every connection (idempotent); returns their ids. */
export async function scheduleAll(queue: Queue, connectionIds: readonly string[], settings: ScheduleSettings): Promise<void> {
  for (const id of connectionIds) await scheduleConnection(queue, id, settings);
}

/** When each of the connection's schedules fires next (epoch ms; null: not scheduled). */
export async function nextRuns(queue: Queue, connectionId: string): Promise<{ incremental: number | null; full: number | null; backtest: number | null }> {
  const ids = schedulerIds(connectionId);
  const [incremental, full, backtest] = await Promise.all([queue.getJobScheduler(ids.incremental), queue.getJobScheduler(ids.full), queue.getJobScheduler(ids.backtest)]);
  return { incremental: incremental?.next ?? null, full: full?.next ?? null, backtest: backtest?.next ?? null };
}
