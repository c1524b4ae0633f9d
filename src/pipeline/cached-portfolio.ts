// The portfolio as the store holds it, for re-scoring without the CRM: each account's cached
// canonical values, the activity summary and deals its last score was made from, its snapshots
// in the window the policy compares with, its tasks (the engine's dedupe state) and its last
// score. Read a page at a time, so re-scoring 100,000 accounts keeps one page in memory.
import { DAY_MS, type Account, type Policy, type Snapshot } from '../model/index.ts';
import { summaryBasis, summaryBasisKey } from '../scoring/index.ts';
import type { ScoredFrom, Store, StoredScore, TaskRecord } from '../store/index.ts';

export interface CachedAccount {
  from: ScoredFrom;
  account: Account;
  /** The score last kept (what was written, or is about to be). */
  score: StoredScore;
  snapshots: Snapshot[];
  tasks: TaskRecord[];
}

/**
 * Why the cache cannot show what `draft` does, or null when it can: a summary counts activities
 * over the policy's windows and tells high priorities apart, so a draft that changes those (or
 * summaries kept under other settings, a change not yet run) needs a run that reads the history.
 */
export function summaryMismatch(current: Policy, draft: Policy): string[] {
  const was = summaryBasis(current);
  return Object.entries(summaryBasis(draft))
    .filter(([path, value]) => was[path] !== value)
    .map(([path]) => `${path}: the cached activity summaries were counted under the policy in use; a change here shows after a full run reads the history again`);
}

export function staleSummary(entry: ScoredFrom, draft: Policy): string | null {
  if (entry.basis === summaryBasisKey(draft)) return null;
  return `account ${entry.accountId} was last scored under other history windows or ticket priorities than the policy's (a change not yet run): run a full run, then preview again`;
}

/**
 * The cached accounts of a page of summaries, with the snapshots a policy of these `snapshots`
 * settings compares with (null: every kept day). An account missing its values or its score is left out.
 */
export async function loadCached(store: Store, connectionId: string, page: readonly ScoredFrom[], snapshots: Policy['snapshots'] | null): Promise<CachedAccount[]> {
  const ids = page.map((e) => e.accountId);
  const range = (asOf: number) => (snapshots ? { from: asOf - (snapshots.lookbackDays + snapshots.toleranceDays) * DAY_MS, to: asOf - snapshots.lookbackDays * DAY_MS } : undefined);
  const byAsOf = new Map<number, string[]>();
  for (const e of page) {
    const group = byAsOf.get(e.asOf);
    if (group) group.push(e.accountId);
    else byAsOf.set(e.asOf, [e.accountId]);
  }
  const [accounts, scores, tasks, ...snapshotGroups] = await Promise.all([
    store.accounts.getMany(connectionId, ids),
    store.scores.getMany(connectionId, ids),
    store.tasks.forAccounts(connectionId, ids),
    ...[...byAsOf].map(([asOf, group]) => store.snapshots.getMany(connectionId, group, range(asOf))),
  ]);
  const out: CachedAccount[] = [];
  for (const from of page) {
    const account = accounts.get(from.accountId);
    const score = scores.get(from.accountId);
    if (!account || !score) continue;
    const snapshots = snapshotGroups.find((g) => g.has(from.accountId))?.get(from.accountId) ?? [];
    out.push({ from, account, score, snapshots, tasks: tasks.get(from.accountId) ?? [] });
  }
  return out;
}
