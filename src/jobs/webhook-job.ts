// The `webhook` job: re-scores the accounts a CRM webhook delivery names, within seconds of the
// change. Deleted companies are forgotten; deal events reach their companies through the CRM's
// associations; the named companies are read again from the CRM (their values just changed),
// scored, then written: values with the segment the last cycle's ranking gave (a webhook does
// not re-rank the portfolio; the next cycle does), and tasks.
import type { Job } from 'bullmq';
import { tallyCalls } from '../connectors/index.ts';
import { merge, type Outcome, scoreAccounts, writeAccounts } from '../pipeline/index.ts';
import type { JobDeps } from './deps.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { WebhookDataSchema } from './queue.ts';

export async function processWebhook(job: Job, deps: JobDeps): Promise<Outcome> {
  const data = parseJobData(WebhookDataSchema, job);
  return guarded({ job, connectionId: data.connectionId, runId: null }, deps, async () => {
    const ctx = await deps.contexts.get(data.connectionId);
    const { result, calls } = await tallyCalls(async () => {
      if (data.deletedIds.length > 0) await deps.store.forgetAccounts(ctx.id, data.deletedIds);
      const ofDeals = data.dealIds.length > 0 ? await ctx.connector.accountsOfDeals(data.dealIds) : [];
      const gone = new Set(data.deletedIds);
      const accountIds = [...new Set([...data.companyIds, ...ofDeals])].filter((id) => !gone.has(id));
      const batch = { accountIds, refresh: true, asOf: deps.asOf ?? deps.now(), runId: `webhook-${job.id}`, reason: data.reason, dryRun: false };
      const { outcome, scored } = await scoreAccounts(ctx, batch, { store: deps.store, metrics: deps.metrics, staleTaskMs: deps.lockMs, now: deps.now });
      if (scored.length === 0) return outcome;
      return merge(outcome, await writeAccounts(ctx, { ...batch, accountIds: scored }, { store: deps.store, metrics: deps.metrics, staleTaskMs: deps.lockMs, now: deps.now }));
    });
    result.apiCalls = calls;
    return result;
  });
}
