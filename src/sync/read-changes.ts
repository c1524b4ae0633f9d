// The read phase of a cycle: the accounts changed since the checkpoint (all of them on a full
// run), then the accounts whose activities changed, handed on in batches to be scored. Save, then
// checkpoint: each page's accounts are cached and their batch handed on before the checkpoint
// moves past them, so a process killed at any point resumes from the last saved page and replays
// at most that batch (whose scoring is idempotent).
//
// Our own writes cost nothing: an incremental search finds again every company crm-pulse wrote
// (the write moved its modification time), so an account read with the values it was last scored
// from is cached but not handed on. Only its activities could have changed what the rules see, and
// those are found below on their own modification times. A full run hands on every account.
import type { ConnectionContext } from './context.ts';
import type { Store } from '../store/index.ts';
import type { Checkpoint } from '../model/index.ts';
import type { ValueProblem } from '../connectors/index.ts';

/** Accounts per scoring batch: HubSpot's association reads take 1,000 ids, so history costs the least. */
export const BATCH_SIZE = 1_000;

export interface ReadPhase {
  mode: 'full' | 'incremental';
  dryRun: boolean;
  /** Hands a batch on to be scored; resolves once it is safely queued. */
  enqueue(accountIds: string[]): Promise<void>;
  /** Reports progress (accounts read so far). */
  progress(accountsRead: number): Promise<void>;
  /** A value the mapping could not read: the account is scored without it. */
  problem(p: ValueProblem): void;
}

export interface ReadSummary {
  accountsRead: number;
  /** Read on an incremental run with the values last scored: not scored again. */
  accountsSkipped: number;
}

export async function readChanges(ctx: ConnectionContext, phase: ReadPhase, store: Store): Promise<ReadSummary> {
  let accountsRead = 0;
  let accountsSkipped = 0;
  const handed = new Set<string>();
  let batch: string[] = [];
  let checkpoint: Checkpoint | null = null;
  const save = async (stream: 'accounts' | 'activities', cp: Checkpoint | null) => {
    if (cp && !phase.dryRun) await store.checkpoints.set(ctx.id, stream, cp);
  };
  const flush = async () => {
    // One page may hold more than a batch (Salesforce: 2,000 a query page, 50,000 a Bulk API 2.0
    // result set); a batch bigger than BATCH_SIZE would hold all their history in one job.
    for (let i = 0; i < batch.length; i += BATCH_SIZE) await phase.enqueue(batch.slice(i, i + BATCH_SIZE));
    for (const id of batch) handed.add(id);
    batch = [];
    await save('accounts', checkpoint);
    await phase.progress(accountsRead);
  };

  // A dry full run reads everything without touching the checkpoint a real run resumes from.
  const start = phase.dryRun && phase.mode === 'full' ? null : await store.checkpoints.get(ctx.id, 'accounts');
  for await (const page of ctx.connector.readAccounts(ctx.mapping, start)) {
    const accounts = page.accounts.map((m) => m.account);
    accountsRead += accounts.length;
    for (const p of page.accounts.flatMap((m) => m.problems)) phase.problem(p);
    // The cache is CRM data, not a result: a dry run fills it too, so its batches can read it.
    await store.accounts.setMany(ctx.id, accounts);
    if (page.deletedIds.length > 0 && !phase.dryRun) await store.forgetAccounts(ctx.id, page.deletedIds);
    const unchanged = phase.mode === 'incremental' ? await store.accounts.unchangedSinceScored(ctx.id, accounts) : new Set<string>();
    accountsSkipped += unchanged.size;
    batch.push(...accounts.map((a) => a.id).filter((id) => !handed.has(id) && !unchanged.has(id)));
    checkpoint = page.checkpoint;
    if (batch.length >= BATCH_SIZE) await flush();
  }
  // Accounts the last run's own-write check found changed (sync/fence-own-writes.ts): the search
  // leaves them out, so they are read by id. A full run has just read every one.
  const recheck = await store.ownWrites.recheck(ctx.id);
  const toRead = phase.mode === 'incremental' ? recheck.filter((id) => !handed.has(id) && !batch.includes(id)) : [];
  if (toRead.length > 0) {
    const read = await ctx.connector.readAccountsById(ctx.mapping, toRead);
    for (const p of read.flatMap((m) => m.problems)) phase.problem(p);
    const accounts = read.map((m) => m.account);
    accountsRead += accounts.length;
    await store.accounts.setMany(ctx.id, accounts);
    batch.push(...accounts.map((a) => a.id));
  }
  await flush();
  if (!phase.dryRun) await store.ownWrites.removeRecheck(ctx.id, recheck);

  // Activities, deals and tickets linked to an account do not change the account record itself.
  for await (const page of ctx.connector.readActivityChanges(await store.checkpoints.get(ctx.id, 'activities'))) {
    const ids = [...new Set(page.accountIds)].filter((id) => !handed.has(id));
    for (let i = 0; i < ids.length; i += BATCH_SIZE) {
      const chunk = ids.slice(i, i + BATCH_SIZE);
      await phase.enqueue(chunk);
      for (const id of chunk) handed.add(id);
    }
    await save('activities', page.checkpoint);
  }
  return { accountsRead, accountsSkipped };
}
