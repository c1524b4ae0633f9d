// Backtest benchmark (issue 15): the pure backtest of 10,000 accounts with two years of past over
// 12 as-of dates, in-process: wall time and peak RSS. The accounts come from the sandbox's past
// (src/sandbox/past.ts) turned into what the connector hands over (canonical field history,
// activities, deals), so the figure is the compute alone; the history read's calls are counted by
// the e2e tests (HubSpot: ceil(n / 50) property-history reads, exactly its minimum).
//   node bench/backtest.ts [accounts]
import type { Activity, Deal } from '../src/model/index.ts';
import { DEFAULTS } from '../src/model/policy.ts';
import { runBacktest, type AccountPast } from '../src/scoring/index.ts';
import { portfolio } from '../src/sandbox/generate.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const ACCOUNTS = Number(process.argv[2] ?? 10_000);
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

function pastOf(): AccountPast[] {
  const out: AccountPast[] = [];
  for (const a of portfolio({ accounts: ACCOUNTS, asOf: AS_OF, seed: 1, past: { weights: { usage: 50, engagement: 30, tickets: 15, nps: 5 }, noise: 6 } })) {
    const p = a.past!;
    const activities: Activity[] = [
      ...a.engagements.map((e): Activity => (e.kind === 'meeting' || e.kind === 'call' ? { type: e.kind, at: e.at, durationMinutes: e.minutes } : { type: e.kind, at: e.at })),
      ...a.tickets.map((t): Activity => ({ type: 'ticket', createdAt: t.createdAt, status: t.closed ? 'closed' : 'open', priority: t.priority, ...(t.closedAt ? { closedAt: t.closedAt } : {}) })),
    ];
    const deals: Deal[] = a.deals.map((d, i) => ({ id: `${a.index}-${i}`, won: d.state === 'won', closedAt: d.closeAt, amount: d.amount }));
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
      snapshots: [],
    });
  }
  return out;
}

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const accounts = pastOf();
globalThis.gc?.();
const inputRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
const start = performance.now();
const r = runBacktest({ accounts, policy: DEFAULTS, now: AS_OF, range: { months: 14, stepDays: 30, horizonDays: 90 }, churnedAtMapped: false, source: 'hubspot_property_history', since: 0 });
const seconds = (performance.now() - start) / 1000;
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(sample);
console.log(
  JSON.stringify({
    accounts: ACCOUNTS,
    dates: r.dates.length,
    observations: r.observations,
    computeSeconds: Number(seconds.toFixed(1)),
    peakRssMb: Math.round(peak / 2 ** 20),
    inputRssMb,
    headline: r.headline,
    suggested: r.suggested.fit.weights,
    heldOutAuc: { current: r.suggested.heldOut.current.auc, suggested: r.suggested.heldOut.suggested.auc },
    fieldHistoryCallsMinimum: Math.ceil(ACCOUNTS / 50),
  }),
);
