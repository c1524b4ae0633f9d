// History reads through the history cache (store/histories.ts). Every score pass keeps what it
// read; a pass that knows what changed (a webhook: a company's values, or one kind of its
// history) reads only those kinds and takes the rest from the cache, when the cache is current:
//   - read for the policy's present windows,
//   - less than HISTORY_MAX_AGE_MS old: a record can enter a window by time alone (a meeting
//     booked for a later date), which no change reports; the daily full cycle reads it again;
//   - and the activity change stream has been read recently: every history change before
//     max(read time, stream position) is known (a change the stream found re-scored the account,
//     which read its history again), and that instant is at most STREAM_LAG_MS ago. What changed
//     since is what an incremental sync would not know yet either.
// An entry that is not current is read whole, as a score pass without the cache would.
import { HISTORY_KINDS, historyWindows, type AccountHistory, type HistoryKind } from '../connectors/index.ts';
import type { Activity } from '../model/index.ts';
import type { CachedHistory, Store } from '../store/index.ts';
import type { ConnectionContext } from '../sync/index.ts';

export const HISTORY_MAX_AGE_MS = 24 * 3_600_000;
export const STREAM_LAG_MS = 3_600_000;

export interface HistoryRead {
  accountIds: readonly string[];
  asOf: number;
  runId: string;
  wholePortal: boolean;
  /** Per account, the kinds that may have changed (none: its values only); null: read everything. */
  changed: ReadonlyMap<string, readonly HistoryKind[]> | null;
}

export interface HistoryCacheDeps {
  store: Store;
  now: () => number;
}

/** The accounts' histories: read from the CRM, or from the cache for the kinds that did not change. */
export async function readHistoryCached(ctx: ConnectionContext, read: HistoryRead, deps: HistoryCacheDeps): Promise<Map<string, AccountHistory>> {
  const { connector, policy } = ctx;
  const readAt = deps.now();
  const windows = windowsKey(ctx);
  const scope = { runId: read.runId, wholePortal: read.wholePortal, shared: deps.store.runHistory.forRun(ctx.id, read.runId) };
  if (read.changed === null) {
    const fresh = await connector.readHistory(read.accountIds, read.asOf, policy, scope);
    await deps.store.histories.setMany(ctx.id, new Map([...fresh].map(([id, h]) => [id, { readAt, windows, activities: h.activities, deals: h.deals }])));
    return fresh;
  }
  const cached = await deps.store.histories.getMany(ctx.id, read.accountIds);
  const streamAt = connector.activityStreamAt?.(await deps.store.checkpoints.get(ctx.id, 'activities')) ?? null;
  const current = (h: CachedHistory | undefined): h is CachedHistory =>
    h !== undefined && h.windows === windows && readAt - h.readAt <= HISTORY_MAX_AGE_MS && streamAt !== null && Math.max(h.readAt, streamAt) >= readAt - STREAM_LAG_MS;

  // Accounts grouped by the kinds to read, so each group is one read.
  const groups = new Map<string, { kinds: readonly HistoryKind[]; ids: string[] }>();
  for (const id of read.accountIds) {
    const kinds = current(cached.get(id)) ? HISTORY_KINDS.filter((k) => read.changed!.get(id)?.includes(k)) : HISTORY_KINDS;
    const key = kinds.join(',');
    const group = groups.get(key) ?? { kinds, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  const out = new Map<string, AccountHistory>();
  const keep = new Map<string, CachedHistory>();
  for (const { kinds, ids } of groups.values()) {
    const fresh = kinds.length > 0 ? await connector.readHistory(ids, read.asOf, policy, scope, kinds) : new Map<string, AccountHistory>();
    for (const id of ids) {
      const f = fresh.get(id) ?? { activities: [], deals: [], problems: [] };
      if (kinds.length === HISTORY_KINDS.length) {
        out.set(id, f);
        keep.set(id, { readAt, windows, activities: f.activities, deals: f.deals });
        continue;
      }
      const c = cached.get(id)!;
      const merged: AccountHistory = {
        activities: [...c.activities.filter((a) => !kinds.includes(kindOf(a))), ...f.activities.filter((a) => kinds.includes(kindOf(a)))],
        deals: kinds.includes('deal') ? f.deals : c.deals,
        problems: f.problems,
      };
      out.set(id, merged);
      // The kinds not read are only as current as the entry was: it keeps its read time.
      if (kinds.length > 0) keep.set(id, { readAt: c.readAt, windows, activities: merged.activities, deals: merged.deals });
    }
  }
  await deps.store.histories.setMany(ctx.id, keep);
  return out;
}

function windowsKey(ctx: ConnectionContext): string {
  const w = historyWindows(ctx.policy);
  return `${w.engagementDays}:${w.ticketDays}`;
}

/** Emails and notes are never read on their own; they count with calls. */
function kindOf(a: Activity): HistoryKind {
  return a.type === 'meeting' || a.type === 'ticket' ? a.type : 'call';
}

