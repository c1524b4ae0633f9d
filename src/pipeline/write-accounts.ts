// The write pass of a batch of accounts: after the batch is scored (score-accounts.ts) and the
// portfolio ranked (segments.ts), each account's values and RFM segment go to the CRM in one
// write, diffed against what was last written, and the tasks its score asks for are created,
// each reserved by its dedupe key first. It reads only what the score pass kept in the store, so
// any number of batches can be written by any worker, and a batch written again after a crash
// sends only what was not recorded yet and never makes a task twice: the reservations a dead
// worker left on the batch's accounts (older than a job's lock) are settled against the CRM first,
// so a task it made is confirmed, not skipped as someone else's, and one it did not make is
// created from the plan.
import type { TaskToCreate } from '../connectors/index.ts';
import type { Metrics } from '../observe/index.ts';
import type { Store } from '../store/index.ts';
import type { ConnectionContext } from '../sync/index.ts';
import { changedValues, createTasks, keepPlans, reconcileTasks, writeBackValues, writeFields, type FieldWrite } from '../writeback/index.ts';
import { count, emptyOutcome, wrote, type Outcome } from './outcome.ts';

export interface WriteBatch {
  accountIds: readonly string[];
  /** The instant the scores are for; `scoredAt` when a value changes. */
  asOf: number;
  runId: string;
  reason: string;
}

export interface WriteDeps {
  store: Store;
  metrics: Metrics;
  /** Reservations older than this are a dead worker's, settled against the CRM (a job's lock time). */
  staleTaskMs: number;
  now: () => number;
}

export async function writeAccounts(ctx: ConnectionContext, batch: WriteBatch, deps: WriteDeps): Promise<Outcome> {
  const outcome = emptyOutcome();
  const { store } = deps;
  const scores = await store.scores.getMany(ctx.id, batch.accountIds);
  // An account forgotten since its score (deleted in the CRM) has nothing left to write.
  const ids = batch.accountIds.filter((id) => scores.has(id));
  if (ids.length === 0) return outcome;
  const [segments, last, planned] = await Promise.all([store.segments.getMany(ctx.id, ids), store.written.getMany(ctx.id, ids), store.plannedTasks.getMany(ctx.id, ids)]);

  const scoredAt = new Date(batch.asOf).toISOString();
  const writes: FieldWrite[] = [];
  for (const id of ids) {
    const changes = changedValues(last.get(id), writeBackValues(scores.get(id)!, segments.get(id) ?? null, scoredAt));
    if (Object.keys(changes).length === 0) count(outcome, 'accountsUnchanged');
    else writes.push({ accountId: id, last: last.get(id) ?? null, changes });
  }
  // A write job replayed after its worker died between creating tasks and recording them: those
  // reservations are found by key and confirmed, or released to be created again below.
  const staleBefore = deps.now() - deps.staleTaskMs;
  const stale = [...(await store.tasks.forAccounts(ctx.id, ids)).values()].flat().filter((t) => t.crmId === null && t.reservedAt <= staleBefore);
  if (stale.length > 0) await reconcileTasks(ctx.connector, store.tasks, ctx.id, stale);
  const tasks: TaskToCreate[] = ids.flatMap((id) => (planned.get(id) ?? []).map((t) => ({ ...t, accountId: id })));

  const common = { connectionId: ctx.id, connector: ctx.connector, store, metrics: deps.metrics, runId: batch.runId, reason: batch.reason, at: deps.now() };
  const fields = await writeFields({ ...common, writes });
  const made = await createTasks({ ...common, tasks });
  wrote(outcome, fields, made);
  await keepPlans(common, ids, made.deferred);
  // Last, and only for accounts whose values and tasks all went through: the next incremental
  // skips an account whose mapped values are still the ones it was scored from (store/accounts.ts),
  // so one with a refused write or a task create without an answer must not be marked, and is
  // scored again when a read finds it (so is a batch that fails before this point).
  const unsettled = new Set([...fields.problems, ...made.problems].map((p) => p.accountId));
  const accounts = await store.accounts.getMany(ctx.id, ids.filter((id) => !unsettled.has(id)));
  await store.accounts.markScored(ctx.id, [...accounts.values()]);
  return outcome;
}
