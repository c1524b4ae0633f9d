// What the rules ask for, worked out without crm-pulse's pipeline: the sandbox's portfolio as
// canonical accounts (read the way the example mappings read them, every activity of their whole
// history), scored by the pure engine. The end-to-end tests compare the CRM's values and tasks with
// these.
import { portfolio } from '../../src/sandbox/generate.ts';
import type { PortfolioAccount, PortfolioOptions } from '../../src/sandbox/portfolio.ts';
import { AccountRecordSchema } from '../../src/model/record.ts';
import { DEFAULTS } from '../../src/model/policy.ts';
import { scoreAccount, type ScoreResult } from '../../src/scoring/score.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Options of the mapping that change what is scored. */
export interface MappedFields {
  /** examples/mapping.salesforce.json maps In_Trial__c; the HubSpot example maps no trial flag. */
  inTrial: boolean;
  /** Salesforce's CloseDate is a day (midnight UTC); HubSpot's closedate keeps the time. */
  closeDay: boolean;
}

function record(a: PortfolioAccount, m: MappedFields) {
  return AccountRecordSchema.parse({
    id: String(a.index),
    name: a.name,
    arr: a.arr ?? undefined,
    contractEnd: a.contractEnd ?? undefined,
    featureUsage: a.usagePct === null ? undefined : a.usagePct / 100,
    lastLoginAt: a.lastLoginAt === null ? undefined : iso(a.lastLoginAt),
    nps: a.nps ?? undefined,
    ...(m.inTrial ? { inTrial: a.inTrial } : {}),
    activities: [
      ...a.engagements.map((e) => (e.kind === 'meeting' || e.kind === 'call' ? { type: e.kind, at: iso(e.at), durationMinutes: e.minutes } : { type: e.kind, at: iso(e.at) })),
      ...a.tickets.map((t) => ({ type: 'ticket', createdAt: iso(t.createdAt), status: t.closed ? 'closed' : 'open', priority: t.priority })),
    ],
    deals: a.deals.map((d, k) => ({ id: `deal-${k}`, won: d.state === 'won', amount: d.amount, closedAt: d.state === 'won' ? (m.closeDay ? iso(d.closeAt).slice(0, 10) : iso(d.closeAt)) : undefined })),
  });
}

/** Each portfolio account's index and the pure engine's score of it under the default policy. */
function* scored(o: PortfolioOptions, m: MappedFields): Generator<[number, ScoreResult]> {
  for (const a of portfolio(o)) yield [a.index, scoreAccount(record(a, m), DEFAULTS, o.asOf)];
}

/**
 * Per portfolio index, the tasks of a connection's first cycle, sorted: rescue and renewal tasks by
 * their key without the account id (`rescue:2026-11-23`), handoff and validation tasks by kind
 * (their keys hold CRM deal ids).
 */
export function expectedTasks(o: PortfolioOptions, m: MappedFields): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [index, r] of scored(o, m)) {
    const tasks = r.tasks.map((t) => describeTask(t.kind, t.key));
    if (tasks.length) out.set(index, tasks.sort());
  }
  return out;
}

/** The values of ours a CRM shows on an account (E2eCrm.values). */
export interface ShownValues {
  tier: string | null;
  band: string | null;
  why: string | null;
  handoffStatus: string | null;
}

/** Per portfolio index, the values a connection's first cycle writes on the account. */
export function expectedValues(o: PortfolioOptions, m: MappedFields): Map<number, ShownValues> {
  const out = new Map<number, ShownValues>();
  for (const [index, r] of scored(o, m)) out.set(index, { tier: r.tier, band: r.health.band, why: r.why, handoffStatus: r.handoff?.status ?? null });
  return out;
}

/** The comparable part of a task: see expectedTasks. */
export function describeTask(kind: string, key: string): string {
  if (kind === 'handoff' || kind === 'validation') return kind;
  const [k, , ...rest] = key.split(':');
  return [k, ...rest].join(':');
}
