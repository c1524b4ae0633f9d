// The `score` job: the score pass of one batch of a sync (pipeline/score-accounts.ts): results,
// wins and planned tasks kept, nothing written. It returns its outcome (counts, problems, API
// calls, a dry run's planned writes) and the accounts it scored, which the parent sync adds up
// and hands to the write pass. A request the CRM refuses as a whole is reported, not retried.
import type { Job } from 'bullmq';
import { RecordError } from '../model/index.ts';
import { tallyCalls } from '../connectors/index.ts';
import { problem, emptyOutcome, scoreAccounts } from '../pipeline/index.ts';
import type { JobDeps } from './deps.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { ScoreDataSchema, type ScoreReturn } from './queue.ts';

export async function processScore(job: Job, deps: JobDeps): Promise<ScoreReturn> {
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
        return { outcome: skipped, scored: [] };
      }
    });
    result.outcome.apiCalls = calls;
    return { ...result.outcome, scored: result.scored };
  });
}
