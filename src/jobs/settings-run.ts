// A mapping or policy change is applied by a full run that loads it, never dropped by joining a
// sync that loaded the old one. The admin API marks the change pending (store/pending-runs.ts),
// then queues a full run: it starts now, or is a full run that has not started yet, or follows
// the sync under way. That sync notes the mark it saw before loading its settings, and when it
// finishes, a mark it did not see, or saw on a run that was not a full one, queues the full run
// after it. The follow-up covers a sync waiting for its batches too, which BullMQ's own
// follow-up (keepLastIfActive: only while a job is active) would miss.
//
// A policy change also asks for the backtest under the new policy (backtest-request.ts): the
// cached report was computed under the old one. It reads only the cached portfolio and the CRM's
// history, which the policy does not change, so it need not wait for the full run.
import type { Queue } from 'bullmq';
import type { Policy } from '../model/index.ts';
import type { BacktestCache, PendingRunStore } from '../store/index.ts';
import { requestBacktest, type BacktestAnswer } from './backtest-request.ts';
import type { JobDeps } from './deps.ts';
import { enqueueSync, type QueuedSync } from './enqueue.ts';
import type { SyncData } from './queue.ts';

export interface SettingsRun {
  /** The run queued, or the sync under way the full run follows. */
  run: QueuedSync;
  /** `queued`, or `queued after run <id>` when a sync under way ends first. */
  fullRun: string;
}

export async function queueSettingsRun(queue: Queue, pending: PendingRunStore, connectionId: string, reason: string, now: number): Promise<SettingsRun> {
  // Marked before queueing: a sync that loads settings from here on sees the mark; one that loaded them before finds it when it ends.
  await pending.mark(connectionId, reason);
  const run = await enqueueSync(queue, { connectionId, mode: 'full', reason, followRunning: true }, now);
  if (!run.joined) return { run, fullRun: 'queued' };
  const joined = await queue.getJob(run.jobId);
  const notStarted = run.mode === 'full' && joined !== undefined && joined.processedOn === undefined;
  return { run, fullRun: notStarted ? 'queued' : `queued after run ${run.runId}` };
}

/** A saved policy: the full run that applies it, and the backtest under it. */
export async function queuePolicyRuns(queue: Queue, store: { pendingRuns: PendingRunStore; backtests: BacktestCache }, connectionId: string, policy: Policy, now: number): Promise<SettingsRun & { backtest: BacktestAnswer }> {
  const settings = await queueSettingsRun(queue, store.pendingRuns, connectionId, 'scoring policy changed', now);
  return { ...settings, backtest: await requestBacktest(queue, store.backtests, connectionId, policy, now, 'scoring policy changed') };
}

/** At the end of a sync (still active): queues the full run a change made during it needs. */
export async function followPendingSettings(deps: JobDeps, data: SyncData): Promise<void> {
  const mark = await deps.store.pendingRuns.get(data.connectionId);
  if (!mark) return;
  const applied = data.mode === 'full' && !data.dryRun && mark.token === data.settingsSeen;
  if (!applied) await enqueueSync(deps.queue, { connectionId: data.connectionId, mode: 'full', reason: mark.reason, followRunning: true }, deps.now());
  await deps.store.pendingRuns.clear(data.connectionId, mark.token);
}
