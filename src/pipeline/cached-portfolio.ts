// What re-scoring from the store (no CRM call) relies on: each account's cached canonical values,
// the entry its last score kept (store/summaries.ts: activity summary, deals, compared snapshot,
// what it said) and the connection's tasks (the engine's dedupe state), and when that is faithful.
import type { Policy } from '../model/index.ts';
import { keptBasis } from '../scoring/index.ts';
import type { ScoredFrom, Store, TaskRecord } from '../store/index.ts';

/**
 * Why the cache cannot show what `draft` does, by path, or none: a summary counts activities over
 * the policy's windows and tells high priorities apart, and the compared snapshot was picked in
 * the policy's snapshot window, so a draft that changes those needs a run that reads again.
 */
export function basisMismatch(current: Policy, draft: Policy): string[] {
  const was = keptBasis(current);
  return Object.entries(keptBasis(draft))
    .filter(([path, value]) => was[path] !== value)
    .map(([path]) => `${path}: what the last run kept was counted under the policy in use; a change here shows after a full run reads the history again`);
}

/** Why an account's entry cannot be re-scored under a policy of basis `basis` (keptBasisKey; kept under other settings, a change not yet run), or null. */
export function staleEntry(entry: ScoredFrom, basis: string): string | null {
  if (entry.basis === basis) return null;
  return `account ${entry.accountId} was last scored under other history windows, ticket priorities or snapshot window than the policy's (a change not yet run): run a full run, then preview again`;
}

/**
 * The connection's tasks by account, read once: a page of accounts would take a command per
 * account (their task sets), ten times the time of reading every task record in pages.
 */
export async function tasksByAccount(store: Store, connectionId: string): Promise<Map<string, TaskRecord[]>> {
  const out = new Map<string, TaskRecord[]>();
  for await (const page of store.tasks.scan(connectionId)) {
    for (const t of page) {
      const list = out.get(t.accountId);
      if (list) list.push(t);
      else out.set(t.accountId, [t]);
    }
  }
  // Oldest first, as forAccounts gives them to the engine.
  for (const list of out.values()) list.sort((a, b) => a.createdAt - b.createdAt);
  return out;
}
