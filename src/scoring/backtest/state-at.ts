// An account as it stood at a past instant, rebuilt from its history (DOMAIN.md section 11):
// mapped field values in force then, activities dated before, deals closed before, tickets as they
// stood (open then when created before and not closed by then). Fields that change over time and
// have no history are unknown then (empty), never today's value. Pure.
import type { Account, AccountRecord, Activity, CanonicalField, Deal, Snapshot } from '../../model/index.ts';
import { valueAt, type AccountHistory } from './history.ts';

/** Fields whose value moves over time; the others (id, name, owners, industry) are taken as now. */
export const VARYING_FIELDS: readonly Exclude<CanonicalField, 'id'>[] = ['annualRevenue', 'employees', 'arr', 'contractEnd', 'featureUsage', 'lastLoginAt', 'nps', 'industryGrowth', 'inTrial', 'referrals', 'churnedAt'];

export interface AccountPast {
  account: Account;
  history: AccountHistory;
  activities: readonly Activity[];
  deals: readonly Deal[];
  snapshots: readonly Snapshot[];
}

/** The record at `at`, or null when `at` is before the history reaches. */
export function recordAt(past: AccountPast, at: number): AccountRecord | null {
  if (at < past.history.since) return null;
  const account: Record<string, unknown> = { ...past.account };
  for (const field of VARYING_FIELDS) account[field] = valueAt(past.history, field, at) ?? null;
  const activities = past.activities.flatMap((a): Activity[] => {
    if (a.type !== 'ticket') return a.at <= at ? [a] : [];
    if (a.createdAt > at) return [];
    const open = a.status === 'open' || (a.closedAt != null && a.closedAt > at);
    return [{ ...a, status: open ? 'open' : 'closed' }];
  });
  const deals = past.deals.filter((d) => d.won && d.closedAt != null && d.closedAt <= at);
  const snapshots = past.snapshots.filter((s) => s.date < at);
  return { ...(account as Account), activities, deals, snapshots, tasks: [] };
}
