// The `score` job: one batch of a sync, scored and written back (pipeline/score-accounts.ts). Its
// outcome (counts, problems, API calls, a dry run's planned writes) is its return value, which
// the parent sync adds up. A request the CRM refuses as a whole is reported, not retried.
import type { Job } from 'bullmq';
import { RecordError } from '../model/index.ts';
import { tallyCalls } from '../connectors/index.ts';
import { problem, emptyOutcome, type Outcome, scoreAccounts } from '../pipeline/index.ts';
import type { JobDeps } from './deps.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { ScoreDataSchema } from './queue.ts';

export async function processScore(job: Job, deps: JobDeps): Promise<Outcome> {
  const data = parseJobData(ScoreDataSchema, job);
  return guarded({ job, connectionId: data.connectionId, runId: data.runId }, deps, async () => {
    const ctx = await deps.contexts.get(data.connectionId);
    const { result, calls } = await tallyCalls(async () => {
      try {
        return await scoreAccounts(ctx, data, { store: deps.store, metrics: deps.metrics, staleTaskMs: deps.lockMs, now: deps.now });
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        const skipped = emptyOutcome();
        problem(skipped, { code: error.code, message: `${data.accountIds.length} accounts not scored: ${error.message}`, accountId: error.recordId ?? null });
        return skipped;
      }
    });
    result.apiCalls = calls;
    return result;
  });
}
