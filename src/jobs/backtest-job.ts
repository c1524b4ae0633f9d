// The `backtest` job: replays a connection's past (pipeline/backtest.ts) and caches the report
// with the day and policy it was computed for, so the admin API and the console answer from the
// cache and ask for a new one only after a policy change or on a new day (backtest-request.ts
// queues it). One job id per connection, policy and day, so requests while it runs join it.
import { createHash } from 'node:crypto';
import type { Job } from 'bullmq';
import type { Policy } from '../model/index.ts';
import { backtestConnection } from '../pipeline/index.ts';
import type { JobDeps } from './deps.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { BacktestDataSchema } from './queue.ts';

/** Identifies the policy a report was computed under. */
export function policyDigest(policy: Policy): string {
  return createHash('sha256').update(JSON.stringify(policy)).digest('hex').slice(0, 16);
}

export const backtestJobId = (connectionId: string, digest: string, day: string) => `backtest.${connectionId}.${digest}.${day}`;

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
