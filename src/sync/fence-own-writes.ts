// The end of a run that wrote to a CRM whose incremental read can leave our own writes out
// (HubSpot; connectors/hubspot/own-writes.ts says why that is exact). Every account the run tried
// to write is read again, after its last write, with reads the CRM answers from its records (not a
// search index that lags); one whose mapped values are not the ones it was scored from (someone
// edited it between our read and our write, or the write was refused) is kept for the next run to
// read and score. Then the account checkpoint takes the run's fence, and the next incremental
// search finds only what others changed. A run that dies before this makes no fence: its writes
// are found by the next search, as any change is.
import type { Store } from '../store/index.ts';
import type { ConnectionContext } from './context.ts';

/** Accounts read again per step: a scoring batch's size. */
const CHECK_CHUNK = 1_000;

export interface FenceReport {
  /** Accounts read again after the run's writes. */
  checked: number;
  /** Of them, found changed since they were scored: the next run scores them. */
  changed: number;
}

export async function fenceOwnWrites(ctx: ConnectionContext, store: Store, runId: string): Promise<FenceReport> {
  const report: FenceReport = { checked: 0, changed: 0 };
  const fence = ctx.connector.fenceOwnWrites?.bind(ctx.connector);
  const run = fence ? await store.ownWrites.get(ctx.id, runId) : null;
  if (!fence || !run) return report;
  // A batch's worth at a time: a run that wrote 100,000 accounts does not hold them all at once.
  for (let i = 0; i < run.accountIds.length; i += CHECK_CHUNK) {
    const ids = run.accountIds.slice(i, i + CHECK_CHUNK);
    const read = (await ctx.connector.readAccountsById(ctx.mapping, ids)).map((m) => m.account);
    await store.accounts.setMany(ctx.id, read);
    const same = await store.accounts.unchangedSinceScored(ctx.id, read);
    // An account missing from the read was deleted: the next run reads it and finds it gone.
    const changed = ids.filter((id) => !same.has(id));
    await store.ownWrites.addRecheck(ctx.id, changed);
    report.changed += changed.length;
  }
  report.checked = run.accountIds.length;
  const checkpoint = await store.checkpoints.get(ctx.id, 'accounts');
  const next = checkpoint && run.until > 0 ? await fence(checkpoint, { token: runId, until: run.until }) : null;
  if (next) await store.checkpoints.set(ctx.id, 'accounts', next);
  await store.ownWrites.drop(ctx.id, runId);
  return report;
}
