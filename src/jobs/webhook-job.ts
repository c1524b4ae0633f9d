// The `webhook` job: re-scores what the webhook events saved for a connection name, seconds after
// they arrived. One job takes the changes of up to WEBHOOK_BATCH companies (oldest first), so
// events that arrive together cost one batch read of companies and one batch write:
//   - a company gone is forgotten;
//   - a history record (a deal, a ticket, a call, a meeting) reaches its companies through one
//     association read per kind, and they read that kind of history again;
//   - a company whose values changed is read again (a batch read for the lot); when its values
//     are the ones it was last scored from, nothing the rules read changed, and it is skipped;
//   - its history comes from the history cache when that is current, else from the CRM
//     (pipeline/history-cache.ts).
// Then they are scored and written: values with the segment the last cycle's ranking gave (a
// webhook does not re-rank the portfolio; the next cycle does), and tasks. Only then are the
// changes settled: a job that dies leaves them pending for its retry or the next job, and an
// event that named the same thing meanwhile stays pending. Changes left over queue the next job.
import type { Job } from 'bullmq';
import { HISTORY_KINDS, tallyCalls, type HistoryKind } from '../connectors/index.ts';
import { count, emptyOutcome, merge, type Outcome, scoreAccounts, writeAccounts } from '../pipeline/index.ts';
import type { PendingChange } from '../store/index.ts';
import type { ConnectionContext } from '../sync/index.ts';
import type { JobDeps } from './deps.ts';
import { enqueueWebhook } from './enqueue.ts';
import { guarded } from './failures.ts';
import { parseJobData } from './parse.ts';
import { WebhookDataSchema } from './queue.ts';

/** Companies one job re-scores: HubSpot's batch read and write take 100. */
export const WEBHOOK_BATCH = 100;
/** Records of one kind one job resolves to companies: an association read takes 1,000. */
const RECORD_BATCH = 1_000;

export async function processWebhook(job: Job, deps: JobDeps): Promise<Outcome> {
  const { connectionId } = parseJobData(WebhookDataSchema, job);
  return guarded({ job, connectionId, runId: null }, deps, async () => {
    const ctx = await deps.contexts.get(connectionId);
    const taken = take(await deps.store.webhookEvents.pending(connectionId));
    const { result, calls } = await tallyCalls(() => rescore(ctx, taken, `webhook-${job.id}`, deps));
    result.apiCalls = calls;
    await deps.store.webhookEvents.settle(connectionId, taken);
    deps.metrics.inc('webhook_events', { crm: ctx.kind, outcome: 'processed' }, taken.length);
    // This job is under way, so the next one waits for it to end (deduplication, enqueue.ts).
    if ((await deps.store.webhookEvents.count(connectionId)) > 0) await enqueueWebhook(deps.queue, { connectionId }, 0);
    return result;
  });
}

/** Every gone company and record change, and the changes of the WEBHOOK_BATCH companies waiting longest. */
function take(pending: readonly PendingChange[]): PendingChange[] {
  const companies = new Set<string>();
  const records = new Map<string, number>();
  return pending.filter(({ change }) => {
    if (change.on !== 'company') {
      const n = records.get(change.on) ?? 0;
      records.set(change.on, n + 1);
      return n < RECORD_BATCH;
    }
    if (change.what === 'gone' || companies.has(change.id)) return true;
    if (companies.size >= WEBHOOK_BATCH) return false;
    companies.add(change.id);
    return true;
  });
}

async function rescore(ctx: ConnectionContext, taken: readonly PendingChange[], runId: string, deps: JobDeps): Promise<Outcome> {
  const outcome = emptyOutcome();
  const gone = new Set(taken.flatMap(({ change }) => (change.on === 'company' && change.what === 'gone' ? [change.id] : [])));
  if (gone.size > 0) await deps.store.forgetAccounts(ctx.id, [...gone]);

  // Per company: whether its values changed, and which kinds of its history.
  const values = new Set<string>();
  const kinds = new Map<string, Set<HistoryKind>>();
  const touch = (id: string, k: readonly HistoryKind[]) => {
    const set = kinds.get(id) ?? new Set<HistoryKind>();
    for (const kind of k) set.add(kind);
    kinds.set(id, set);
  };
  const records = new Map<HistoryKind, string[]>();
  for (const { change } of taken) {
    if (change.on !== 'company') records.set(change.on, [...(records.get(change.on) ?? []), change.id]);
    else if (change.what === 'values') values.add(change.id);
    else if (change.what === 'history') touch(change.id, HISTORY_KINDS);
    else if (change.what !== 'gone') touch(change.id, [change.what]);
  }
  for (const [kind, ids] of records) for (const id of await ctx.connector.accountsOf(kind, ids)) touch(id, [kind]);
  for (const id of values) if (!kinds.has(id)) kinds.set(id, new Set());
  for (const id of gone) kinds.delete(id);
  if (kinds.size === 0) return outcome;

  // Values changed, or never cached: one batch read for them all.
  const cached = await deps.store.accounts.getMany(ctx.id, [...kinds.keys()]);
  const toRead = [...kinds.keys()].filter((id) => values.has(id) || !cached.has(id));
  const read = toRead.length > 0 ? await ctx.connector.readAccountsById(ctx.mapping, toRead) : [];
  count(outcome, 'accountsRead', read.length);
  await deps.store.accounts.setMany(ctx.id, read.map((m) => m.account));
  // A company the CRM no longer has is not scored.
  const found = new Set([...cached.keys(), ...read.map((m) => m.account.id)]);
  const valuesOnly = read.filter((m) => kinds.get(m.account.id)?.size === 0).map((m) => m.account);
  const unchanged = await deps.store.accounts.unchangedSinceScored(ctx.id, valuesOnly);
  count(outcome, 'accountsSkipped', unchanged.size);
  const accountIds = [...kinds.keys()].filter((id) => found.has(id) && !unchanged.has(id));
  if (accountIds.length === 0) return outcome;

  const batch = { accountIds, refresh: false, asOf: deps.asOf ?? deps.now(), runId, reason: 'webhook: HubSpot reported a change', dryRun: false };
  const changed = new Map(accountIds.map((id) => [id, [...kinds.get(id)!]]));
  const pass = { store: deps.store, metrics: deps.metrics, staleTaskMs: deps.lockMs, now: deps.now };
  const { outcome: scoredOutcome, scored } = await scoreAccounts(ctx, { ...batch, changed }, pass);
  await deps.store.runHistory.clear(ctx.id, runId);
  const merged = merge(outcome, scoredOutcome);
  if (scored.length === 0) return merged;
  return merge(merged, await writeAccounts(ctx, { ...batch, accountIds: scored }, pass));
}
