// A seeded portfolio with two years of past (the sandbox's generator, src/sandbox/past.ts) as the
// backtest reads it: canonical field history, activities, deals; every `snapshotEvery`-th account
// also has crm-pulse snapshots, so the bands read from snapshots are covered too.
import type { Activity, Deal, Snapshot } from '../../../src/model/index.ts';
import { portfolio } from '../../../src/sandbox/generate.ts';
import type { AccountPast } from '../../../src/scoring/index.ts';

const DAY = 86_400_000;
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

export function seededPasts(accounts: number, asOf: number, seed: number, snapshotEvery = 5): AccountPast[] {
  const out: AccountPast[] = [];
  for (const a of portfolio({ accounts, asOf, seed, past: { weights: { usage: 50, engagement: 30, tickets: 15, nps: 5 }, noise: 6 } })) {
    const p = a.past!;
    const activities: Activity[] = [
      ...a.engagements.map((e): Activity => (e.kind === 'meeting' || e.kind === 'call' ? { type: e.kind, at: e.at, durationMinutes: e.minutes } : { type: e.kind, at: e.at })),
      ...a.tickets.map((t): Activity => ({ type: 'ticket', createdAt: t.createdAt, status: t.closed ? 'closed' : 'open', priority: t.priority, ...(t.closedAt ? { closedAt: t.closedAt } : {}) })),
    ];
    const deals: Deal[] = a.deals.map((d, i) => ({ id: `${a.index}-${i}`, won: d.state === 'won', closedAt: d.closeAt, amount: d.amount }));
    // Monthly snapshots over the last year, on the as-of dates' time of day as a daily run keeps them.
    const snapshots: Snapshot[] = a.index % snapshotEvery === 0 ? Array.from({ length: 12 }, (_, m) => ({ date: asOf - (360 - 30 * m) * DAY, score: (a.index * 7 + m * 13) % 101, nps: null })) : [];
    out.push({
      account: { id: String(a.index), name: a.name, arr: a.arr, contractEnd: a.contractEnd ? day(a.contractEnd) : null, featureUsage: a.usagePct === null ? null : a.usagePct / 100, nps: a.nps },
      history: {
        since: 0,
        source: 'hubspot_property_history',
        fields: {
          arr: p.arr!.map((v) => ({ at: v.at, value: v.value })),
          contractEnd: p.contractEnd!.map((v) => ({ at: v.at, value: day(String(v.value)) })),
          featureUsage: p.usagePct!.map((v) => ({ at: v.at, value: Number(v.value) / 100 })),
          nps: p.nps!.map((v) => ({ at: v.at, value: v.value })),
        },
      },
      activities,
      deals,
      snapshots,
    });
  }
  return out;
}
