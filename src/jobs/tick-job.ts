// The `tick` job a schedule fires (jobs/schedules.ts): queues the connection's sync unless the
// connection is paused or stopped, and its webhook job if changes wait without one. A nightly full run that finds an incremental one under way
// comes back five minutes later rather than being lost in the deduplication. The nightly backtest
// tick queues the backtest instead (unless today's report is cached), so the report is ready
// before anyone asks; a paused or stopped connection is not read for it either.
import { DelayedError, type Job } from 'bullmq';
import type { JobDeps } from './deps.ts';
import { requestBacktest } from './backtest-request.ts';
import { enqueueSync, enqueueWebhook } from './enqueue.ts';
import { parseJobData } from './parse.ts';
import { TickDataSchema } from './queue.ts';

const FULL_RETRY_MS = 5 * 60_000;

export type TickResult = { queued: string } | { skipped: string };

export async function processTick(job: Job, token: string | undefined, deps: JobDeps): Promise<TickResult> {
  const { connectionId, mode } = parseJobData(TickDataSchema, job);
  if (!deps.contexts.isEnv(connectionId)) {
    const [info] = (await deps.store.connections.list()).filter((c) => c.id === connectionId);
    if (!info) return { skipped: 'connection deleted' };
    const { status } = info;
    if (status.state === 'stopped') return { skipped: `stopped: ${status.code}` };
    if (status.state === 'paused') {
      if (status.until === null || status.until > deps.now()) return { skipped: `paused: ${status.reason}` };
      await deps.store.connections.update(connectionId, { status: { state: 'active' } });
    }
  }
  if (mode === 'backtest') {
    const { policy } = await deps.contexts.get(connectionId);
    const answer = await requestBacktest(deps.queue, deps.store.backtests, connectionId, policy, deps.now(), 'nightly backtest');
    return answer.status === 'ready' ? { skipped: "today's report is cached" } : { queued: answer.jobId };
  }
  // Webhook changes saved without a job (a process died between saving and queuing, and HubSpot
  // did not deliver again) are taken up here at the latest.
  if ((await deps.store.webhookEvents.count(connectionId)) > 0) await enqueueWebhook(deps.queue, { connectionId }, 0);
  const queued = await enqueueSync(deps.queue, { connectionId, mode, asOf: deps.asOf, reason: mode === 'full' ? 'nightly full sync' : 'scheduled incremental sync' }, deps.now());
  if (queued.joined && mode === 'full' && queued.mode !== 'full' && token) {
    await job.moveToDelayed(deps.now() + FULL_RETRY_MS, token);
    throw new DelayedError();
  }
  return { queued: queued.jobId };
}
