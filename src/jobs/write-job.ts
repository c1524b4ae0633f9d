// The `write` job: the write pass of one batch of a sync (pipeline/write-accounts.ts), queued once
// every batch is scored and the portfolio ranked: each account's values and segment in one
// write, and its tasks. Its outcome is its return value, which the parent sync adds up.
import type { Job } from 'bullmq';
import { tallyCalls } from '../connectors/index.ts';
import { type Outcome, writeAccounts } from '../pipeline/index.ts';
import type { JobDeps } from './deps.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { WriteDataSchema } from './queue.ts';

export async function processWrite(job: Job, deps: JobDeps): Promise<Outcome> {
  const data = parseJobData(WriteDataSchema, job);
  return guarded({ job, connectionId: data.connectionId, runId: data.runId }, deps, async () => {
    const ctx = await deps.contexts.get(data.connectionId);
    const { result, calls } = await tallyCalls(() => writeAccounts(ctx, data, { store: deps.store, metrics: deps.metrics, staleTaskMs: deps.lockMs, now: deps.now }));
    result.apiCalls = calls;
    return result;
  });
}
