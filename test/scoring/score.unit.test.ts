import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/dates.ts';
import { DEFAULTS, resolvePolicy } from '../../src/model/policy.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import { AS_OF, dayAgo, HOUR_MS, meeting, record, ticket, wonDeal } from './fixtures.ts';

const full = () =>
  record({
    id: 'acc-9',
    name: 'Acme GmbH',
    ownerId: 'owner-1',
    csmOwnerId: 'csm-1',
    industry: 'Software',
    arr: 1_200_000,
    featureUsage: 0.9,
    nps: 60,
    lastLoginAt: dayAgo(2),
    contractEnd: dayAgo(-200),
    activities: [
      meeting(3, 120),
      meeting(20, 60, 'call'),
      { type: 'email', at: Date.parse(`${dayAgo(4)}T09:00:00Z`) },
      { type: 'note', at: Date.parse(`${dayAgo(4)}T09:00:00Z`) },
      ticket(10, 'closed', 'HIGH'),
      ticket(20, 'open', 'Low'),
      meeting(-1, 500),
    ],
    deals: [wonDeal('d-old', dayAgo(400), 800_000), wonDeal('d-new', AS_OF - 40 * DAY_MS, 1_200_000)],
    snapshots: [{ date: dayAgo(30), score: 88, nps: 60 }],
  });

describe('scoreAccount', () => {
  it('puts every result of one account together', () => {
    const r = scoreAccount(full(), DEFAULTS, AS_OF);
    expect(r.accountId).toBe('acc-9');
    expect(r.name).toBe('Acme GmbH');
    expect(r.asOf).toBe('2026-11-23T23:59:59.999Z');
    expect(r.tier).toBe('strategic');
    expect(r.tierRule).toBe(0);
    expect(r.industryGrowth).toBeNull();
    // usage 36 + engagement 180/240 -> 22.5 + tickets 95 -> 19 + NPS 80 -> 8 = 85.5 -> 86
    expect(r.health.score).toBe(86);
    expect(r.health.band).toBe('healthy');
    expect(r.health.trend).toBe(-2);
    expect(r.health.comparedWith).toEqual({ date: dayAgo(30), score: 88 });
    expect(r.signals).toEqual([]);
    expect(r.renewal).toMatchObject({ stage: 'none', daysToEnd: 200, contractEnd: dayAgo(-200) });
    expect(r.expansionCandidate).toBe(true);
    expect(r.lifecycle).toBe('customer');
    expect(r.handoff).toBeNull();
    expect(r.activity).toEqual({
      engagementMinutes: 180,
      meetings: 1,
      calls: 1,
      emails: 1,
      notes: 1,
      openHigh: 0,
      openOther: 1,
      ticketsRecent: 2,
      ticketsPrevious: 0,
    });
    expect(r.why).toBe('Health 86 healthy | usage 90% 36/40 | meetings 180/240 min 23/30 | tickets 1 open 19/20 | NPS 60 8/10');
    expect(r.tasks).toEqual([]);
  });

  it('is deterministic', () => {
    expect(scoreAccount(full(), DEFAULTS, AS_OF)).toEqual(scoreAccount(full(), DEFAULTS, AS_OF));
  });

  it('does not change the record', () => {
    const rec = full();
    const before = structuredClone(rec);
    scoreAccount(rec, DEFAULTS, AS_OF);
    expect(rec).toEqual(before);
  });

  it('applies the policy it is given', () => {
    const policy = resolvePolicy({ tiers: { preset: 'value_growth' }, industryGrowth: { software: 25 } });
    const r = scoreAccount(full(), policy, AS_OF);
    expect(r.tier).toBe('high');
    expect(r.industryGrowth).toBe(25);
    expect(r.health.measures.find((m) => m.name === 'engagement')!.detail.target).toBe(240);
  });

  it('moves with asOf: a new win makes handoff tasks, a later asOf makes it overdue', () => {
    const closedAt = AS_OF - 10 * HOUR_MS;
    const rec = record({ arr: 50_000, featureUsage: 1, activities: [meeting(1, 60)], csmOwnerId: 'csm-1', deals: [wonDeal('d1', closedAt)] });
    const now = scoreAccount(rec, DEFAULTS, AS_OF);
    expect(now.handoff?.status).toBe('pending');
    expect(now.lifecycle).toBe('customer');
    expect(now.tasks.map((t) => t.kind)).toEqual(['handoff', 'validation']);
    const later = scoreAccount(rec, DEFAULTS, AS_OF + 3 * DAY_MS);
    expect(later.handoff?.status).toBe('overdue');
  });

  it('scores an account with only an id', () => {
    const r = scoreAccount(record({ id: 'bare' }), DEFAULTS, AS_OF);
    expect(r).toMatchObject({
      accountId: 'bare',
      name: null,
      tier: 'unknown',
      tierRule: null,
      signals: [],
      expansionCandidate: false,
      lifecycle: 'prospect',
      handoff: null,
      tasks: [],
    });
    expect(r.health).toMatchObject({ score: null, band: 'insufficient_data', trend: null, comparedWith: null });
    expect(r.renewal).toMatchObject({ stage: 'unknown', daysToEnd: null });
    expect(r.why).toBe('Health n/a insufficient_data | usage n/a | meetings 0/60 min 0/30 | tickets 0 open 20/20 | NPS n/a | login unknown');
  });
});
