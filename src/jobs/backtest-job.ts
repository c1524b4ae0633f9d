// The `backtest` job: replays a connection's past (pipeline/backtest.ts) and caches the report
// with the day and policy it was computed for, so the admin API answers from the cache and asks
// for a new one only after a policy change or on a new day. Queued once per connection, policy
// and day (the job id), so requests while it runs join it.
import { createHash } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { formatDay, type Policy } from '../model/index.ts';
import { backtestConnection } from '../pipeline/index.ts';
import type { JobDeps } from './deps.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { BacktestDataSchema, RETRY } from './queue.ts';

/** Identifies the policy a report was computed under. */
export function policyDigest(policy: Policy): string {
  return createHash('sha256').update(JSON.stringify(policy)).digest('hex').slice(0, 16);
}

export interface QueuedBacktest {
  jobId: string;
  day: string;
  policyDigest: string;
}

/** Queues the connection's backtest for `now`'s day under `policy`, unless that one is queued or done. */
export async function enqueueBacktest(queue: Queue, connectionId: string, policy: Policy, now: number, reason: string): Promise<QueuedBacktest> {
  const day = formatDay(now);
  const digest = policyDigest(policy);
  const jobId = `backtest.${connectionId}.${digest}.${day}`;
  await queue.add('backtest', { connectionId, day, reason }, { ...RETRY, jobId });
  return { jobId, day, policyDigest: digest };
}

export async function processBacktest(job: Job, deps: JobDeps): Promise<{ headline: string; accounts: number }> {
  const data = parseJobData(BacktestDataSchema, job);
  return guarded({ job, connectionId: data.connectionId, runId: null }, deps, async () => {
    const ctx = await deps.contexts.get(data.connectionId);
    const now = deps.asOf ?? deps.now();
    const b = ctx.policy.backtest;
    const report = await backtestConnection(ctx, deps.store, { now, range: { months: b.months, stepDays: b.stepDays, horizonDays: b.horizonDays } });
    await deps.store.backtests.set(ctx.id, { computedAt: deps.now(), day: data.day, policyDigest: policyDigest(ctx.policy), report: { ...report } });
    return { headline: report.headline, accounts: report.accounts };
  });
}
