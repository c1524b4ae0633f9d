// The trailing history the rules read for the accounts being scored (DOMAIN.md section 9,
// "History read"): meetings, calls, emails and notes of the window, tickets open now or created
// in it, and every deal. Calls are kept near the minimum: one association read per object type
// per 1,000 companies, then batch reads of the objects, 100 per call, each object read once
// however many of the companies it is associated with.
import { DAY_MS, type Policy } from '../../model/index.ts';
import { historyDays } from '../history-window.ts';
import type { AccountHistory } from '../connector.ts';
import type { HubSpotApi } from './api.ts';
import { associatedIds } from './associations.ts';
import { batchRead } from './batch-read.ts';
import { HISTORY_OBJECTS } from './checkpoint.ts';
import type { StageStates } from './pipelines.ts';
import { HISTORY_PROPERTIES, toActivity, toDeal } from './to-activity.ts';

export async function readHistory(api: HubSpotApi, accountIds: readonly string[], asOf: number, policy: Policy, stages: StageStates): Promise<Map<string, AccountHistory>> {
  const from = asOf - historyDays(policy) * DAY_MS;
  const inWindow = (t: number) => t > from && t <= asOf;
  // The object types are read at once, each its association read and then its batch reads: one
  // account's history (a webhook) takes two round trips instead of twelve, and a small cycle is
  // not a chain of calls waiting on each other while the rate limit has room.
  const byType = await Promise.all(
    HISTORY_OBJECTS.map(async (type) => {
      const links = await associatedIds(api, 'companies', type, accountIds);
      const records = await batchRead(api, type, [...links.values()].flat(), HISTORY_PROPERTIES[type]);
      const byId = new Map(records.map((r) => [r.id, r]));
      const kept = new Map<string, AccountHistory>();
      for (const [companyId, ids] of links) {
        const history: AccountHistory = { activities: [], deals: [], problems: [] };
        const report = (problem: string) => history.problems.push(problem);
        kept.set(companyId, history);
        for (const id of ids) {
          const r = byId.get(id);
          if (!r) continue;
          if (type === 'deals') {
            history.deals.push(toDeal(r, stages, report));
            continue;
          }
          const a = toActivity(type, r, stages, report);
          if (!a) continue;
          const keep = a.type === 'ticket' ? a.createdAt <= asOf && (a.status === 'open' || inWindow(a.createdAt)) : inWindow(a.at);
          if (keep) history.activities.push(a);
        }
      }
      return kept;
    }),
  );
  // Put together in a fixed order of types, whichever read finished first.
  const out = new Map<string, AccountHistory>(accountIds.map((id) => [id, { activities: [], deals: [], problems: [] }]));
  for (const kept of byType) {
    for (const [companyId, h] of kept) {
      const history = out.get(companyId);
      if (!history) continue;
      history.activities.push(...h.activities);
      history.deals.push(...h.deals);
      history.problems.push(...h.problems);
    }
  }
  return out;
}
