// The public face of src/jobs: what other parts may use. Everything else can change without
// looking outside the folder.
export { Contexts, type ConnectorFactory } from './contexts.ts';
export type { JobDeps } from './deps.ts';
export { enqueueSync, enqueueWebhook, type QueuedSync } from './enqueue.ts';
export { createQueue } from './queue.ts';
export { nextRuns, scheduleAll, scheduleConnection, type ScheduleSettings } from './schedules.ts';
export { CycleResultSchema, SyncProgressSchema, type CycleResult } from './sync-job.ts';
export { startWorker } from './worker.ts';
export { queuePolicyRuns, queueSettingsRun } from './settings-run.ts';
export { policyDigest } from './backtest-job.ts';
export { backtestState, requestBacktest, type BacktestAnswer, type BacktestState } from './backtest-request.ts';
