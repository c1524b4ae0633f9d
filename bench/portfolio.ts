// Deterministic synthetic accounts in the canonical JSONL form, for benchmarks: realistic spread
// of ARR (all tiers), usage, NPS, logins, tickets and meetings around a fixed as-of date.
import type { AccountRecordInput } from '../src/model/record.ts';

const DAY = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

export function makeAccount(i: number, asOf: number, activities: number, rand: () => number): AccountRecordInput {
  const arr = rand() < 0.05 ? undefined : Math.round(10 ** (4 + rand() * 2.6));
  const acts: NonNullable<AccountRecordInput['activities']> = [];
  for (let k = 0; k < activities; k++) {
    const at = asOf - Math.floor(rand() * 120 * DAY);
    const kind = rand();
    if (kind < 0.35) acts.push({ type: kind < 0.2 ? 'meeting' : 'call', at: iso(at), durationMinutes: 15 + Math.floor(rand() * 60) });
    else if (kind < 0.75) acts.push({ type: kind < 0.6 ? 'email' : 'note', at: iso(at) });
    else acts.push({ type: 'ticket', createdAt: iso(at), status: rand() < 0.3 ? 'open' : 'closed', priority: rand() < 0.2 ? 'HIGH' : 'MEDIUM' });
  }
  const wins = rand() < 0.8 ? 1 + Math.floor(rand() * 3) : 0;
  return {
    id: String(100000 + i),
    name: `Company ${i}`,
    ownerId: `owner-${i % 40}`,
    industry: ['Software', 'Retail', 'Logistics', 'Finance', 'Health'][i % 5],
    ...(arr === undefined ? {} : { arr }),
    ...(rand() < 0.9 ? { featureUsage: Math.round(rand() * 100) / 100 } : {}),
    ...(rand() < 0.7 ? { nps: Math.round(rand() * 200 - 100) } : {}),
    ...(rand() < 0.95 ? { lastLoginAt: iso(asOf - Math.floor(rand() * 60 * DAY)) } : {}),
    ...(rand() < 0.9 ? { contractEnd: iso(asOf + Math.floor((rand() * 500 - 60) * DAY)).slice(0, 10) } : {}),
    activities: acts,
    deals: Array.from({ length: wins }, (_, k) => ({
      id: `d-${i}-${k}`,
      won: true,
      amount: arr ?? 10_000,
      closedAt: iso(asOf - Math.floor(rand() * 700 * DAY)),
    })),
    snapshots: rand() < 0.5 ? [{ date: iso(asOf - 30 * DAY).slice(0, 10), score: Math.floor(rand() * 100) }] : [],
  };
}
