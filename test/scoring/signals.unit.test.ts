import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/dates.ts';
import { DEFAULTS, resolvePolicy, type Policy } from '../../src/model/policy.ts';
import type { AccountRecordInput } from '../../src/model/record.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import { comparisonSnapshot } from '../../src/scoring/snapshot.ts';
import { AS_OF, dayAgo, meeting, record, ticket } from './fixtures.ts';

function run(input: Partial<AccountRecordInput>, policy: Policy = DEFAULTS) {
  return scoreAccount(record(input), policy, AS_OF);
}

function codes(input: Partial<AccountRecordInput>, policy: Policy = DEFAULTS) {
  return run(input, policy).signals.map((s) => s.code);
}

describe('NO_LOGIN', () => {
  it('fires at 30 and 31 days, not at 29', () => {
    expect(codes({ lastLoginAt: dayAgo(29) })).toEqual([]);
    expect(codes({ lastLoginAt: dayAgo(30) })).toEqual(['NO_LOGIN']);
    expect(codes({ lastLoginAt: dayAgo(31) })).toEqual(['NO_LOGIN']);
  });

  it('counts whole UTC days, whatever the time of the login', () => {
    expect(codes({ lastLoginAt: `${dayAgo(30)}T23:59:00Z` })).toEqual(['NO_LOGIN']);
    expect(codes({ lastLoginAt: `${dayAgo(29)}T00:00:00Z` })).toEqual([]);
  });

  it('carries the login date as evidence, never a day count', () => {
    const [s] = run({ lastLoginAt: '2026-08-20' }).signals;
    expect(s).toEqual({
      code: 'NO_LOGIN',
      evidence: 'no login since 2026-08-20',
      data: { lastLogin: '2026-08-20', days: 95, threshold: 30 },
    });
  });

  it('applies a per-tier override', () => {
    const policy = resolvePolicy({ signals: { noLogin: { byTier: { strategic: 15 } } } });
    expect(codes({ arr: 1_000_000, lastLoginAt: dayAgo(14) }, policy)).toEqual([]);
    expect(codes({ arr: 1_000_000, lastLoginAt: dayAgo(15) }, policy)).toEqual(['NO_LOGIN']);
    expect(codes({ arr: 500_000, lastLoginAt: dayAgo(15) }, policy)).toEqual([]);
    expect(codes({ arr: 500_000, lastLoginAt: dayAgo(29) }, policy)).toEqual([]);
    expect(codes({ arr: 500_000, lastLoginAt: dayAgo(30) }, policy)).toEqual(['NO_LOGIN']);
  });

  it('does not fire without lastLoginAt', () => {
    expect(codes({})).toEqual([]);
    expect(codes({ lastLoginAt: null })).toEqual([]);
  });
});

describe('TICKETS_RISING', () => {
  /** `recent` tickets in the last 30 days and `previous` in the 30 before, all closed. */
  function tickets(recent: number, previous: number) {
    return [
      ...Array.from({ length: recent }, (_, i) => ticket(1 + (i % 29), 'closed')),
      ...Array.from({ length: previous }, (_, i) => ticket(31 + (i % 29), 'closed')),
    ];
  }

  it.each([
    [3, 2, true],
    [3, 3, false],
    [2, 0, false],
    [6, 4, true],
    [5, 4, false],
    [3, 0, true],
  ])('%d recent vs %d previous -> %s', (recent, previous, fires) => {
    const r = run({ activities: tickets(recent, previous) });
    expect(r.activity.ticketsRecent).toBe(recent);
    expect(r.activity.ticketsPrevious).toBe(previous);
    expect(r.signals.map((s) => s.code)).toEqual(fires ? ['TICKETS_RISING'] : []);
  });

  it('counts open and closed tickets alike', () => {
    expect(codes({ activities: [ticket(1, 'open'), ticket(2, 'closed'), ticket(3, 'open', 'HIGH'), ticket(40, 'closed'), ticket(41, 'open')] })).toEqual(['TICKETS_RISING']);
  });

  it('carries the two window counts', () => {
    const [s] = run({ activities: tickets(6, 4) }).signals;
    expect(s).toMatchObject({ code: 'TICKETS_RISING', evidence: 'tickets rising 6 vs 4', data: { recent: 6, previous: 4 } });
  });

  it('windows are (asOf - 30d, asOf] and (asOf - 60d, asOf - 30d]', () => {
    const at = (ms: number) => ({ type: 'ticket' as const, createdAt: ms, status: 'closed' as const });
    const r = run({ activities: [at(AS_OF - 30 * DAY_MS), at(AS_OF - 30 * DAY_MS + 1), at(AS_OF - 60 * DAY_MS), at(AS_OF - 60 * DAY_MS + 1), at(AS_OF + 1)] });
    expect(r.activity.ticketsRecent).toBe(1);
    expect(r.activity.ticketsPrevious).toBe(2);
  });

  it('follows the policy ratio and minimum', () => {
    const policy = resolvePolicy({ signals: { ticketsRising: { ratio: 2, minCount: 2 } } });
    expect(codes({ activities: tickets(2, 1) }, policy)).toEqual(['TICKETS_RISING']);
    expect(codes({ activities: tickets(3, 2) }, policy)).toEqual([]);
  });
});

describe('snapshot comparison', () => {
  const snap = (daysAgo: number, score: number | null = 70, nps: number | null = 50) => ({ date: dayAgo(daysAgo), score, nps });

  it('uses the snapshot exactly 30 days back', () => {
    const r = run({ snapshots: [snap(30, 70)] });
    expect(r.health.comparedWith).toEqual({ date: dayAgo(30), score: 70 });
  });

  it('otherwise the nearest earlier one within 7 days: 37 days back yes, 38 no', () => {
    expect(run({ snapshots: [snap(37)] }).health.comparedWith?.date).toBe(dayAgo(37));
    expect(run({ snapshots: [snap(38)] }).health.comparedWith).toBeNull();
    expect(run({ snapshots: [snap(36), snap(32), snap(35)] }).health.comparedWith?.date).toBe(dayAgo(32));
  });

  it('never uses a more recent snapshot', () => {
    expect(run({ snapshots: [snap(29), snap(1)] }).health.comparedWith).toBeNull();
    expect(run({ snapshots: [snap(29), snap(31)] }).health.comparedWith?.date).toBe(dayAgo(31));
  });

  it('comparisonSnapshot returns the snapshot itself', () => {
    const snaps = record({ snapshots: [snap(31, 64, 10), snap(45)] }).snapshots;
    expect(comparisonSnapshot(snaps, AS_OF, DEFAULTS)).toEqual({ date: Date.parse(`${dayAgo(31)}T00:00:00Z`), score: 64, nps: 10 });
    expect(comparisonSnapshot([], AS_OF, DEFAULTS)).toBeNull();
  });
});

describe('NPS_DROP', () => {
  const snap = (daysAgo: number, nps: number) => ({ date: dayAgo(daysAgo), score: null, nps });

  it('fires at a drop of 20, not 19', () => {
    expect(codes({ nps: 30, snapshots: [snap(30, 50)] })).toEqual(['NPS_DROP']);
    expect(codes({ nps: 31, snapshots: [snap(30, 50)] })).toEqual([]);
    const [s] = run({ nps: -10, snapshots: [snap(30, 50)] }).signals;
    expect(s).toEqual({ code: 'NPS_DROP', evidence: 'NPS 50->-10', data: { before: 50, now: -10 } });
  });

  it('needs a snapshot (with an NPS) to compare with', () => {
    expect(codes({ nps: -100 })).toEqual([]);
    expect(codes({ nps: -100, snapshots: [{ date: dayAgo(30), score: null, nps: null }] })).toEqual([]);
    expect(codes({ nps: 0, snapshots: [snap(38, 80)] })).toEqual([]);
    expect(codes({ nps: 0, snapshots: [snap(37, 80)] })).toEqual(['NPS_DROP']);
  });

  it('does not fire without a current NPS', () => {
    expect(codes({ snapshots: [snap(30, 80)] })).toEqual([]);
  });

  it('on the response scale fires when the latest response is 6 or less', () => {
    const policy = resolvePolicy({ health: { nps: { scale: 'response' } } });
    const snaps = [snap(30, 9)];
    expect(codes({ nps: 6, snapshots: snaps }, policy)).toEqual(['NPS_DROP']);
    expect(codes({ nps: 0, snapshots: snaps }, policy)).toEqual(['NPS_DROP']);
    expect(codes({ nps: 7, snapshots: snaps }, policy)).toEqual([]);
    expect(codes({ nps: 10, snapshots: snaps }, policy)).toEqual([]);
    expect(run({ nps: 6, snapshots: snaps }, policy).signals[0]).toMatchObject({ evidence: 'NPS response 6', data: { response: 6, atMost: 6 } });
  });
});

describe('HEALTH_DROP and trend', () => {
  // Standard tier, usage 0.75, 60 of 60 minutes, no ticket, NPS -100: score 80.
  const base = { arr: 50_000, featureUsage: 0.75, nps: -100, activities: [meeting(5, 60)] };
  const snap = (score: number | null, daysAgo = 30) => ({ date: dayAgo(daysAgo), score, nps: -100 });

  it('the fixture scores 80', () => {
    expect(run(base).health.score).toBe(80);
  });

  it('fires at a drop of 15 points, not 14', () => {
    const r = run({ ...base, snapshots: [snap(95)] });
    expect(r.signals).toEqual([{ code: 'HEALTH_DROP', evidence: 'health 95->80', data: { before: 95, now: 80 } }]);
    expect(r.health.trend).toBe(-15);
    const r14 = run({ ...base, snapshots: [snap(94)] });
    expect(r14.signals).toEqual([]);
    expect(r14.health.trend).toBe(-14);
  });

  it('trend is score minus the snapshot score, positive when improving', () => {
    expect(run({ ...base, snapshots: [snap(70)] }).health.trend).toBe(10);
    expect(run({ ...base, snapshots: [snap(80)] }).health.trend).toBe(0);
  });

  it('trend is null without a snapshot, not 0', () => {
    const r = run(base);
    expect(r.health.trend).toBeNull();
    expect(r.health.comparedWith).toBeNull();
    expect(run({ ...base, snapshots: [snap(100, 38)] }).health.trend).toBeNull();
    expect(run({ ...base, snapshots: [snap(100, 38)] }).signals).toEqual([]);
  });

  it('trend is null and no HEALTH_DROP when the snapshot or the current score is empty', () => {
    expect(run({ ...base, snapshots: [snap(null)] }).health.trend).toBeNull();
    const insufficient = run({ arr: 50_000, snapshots: [snap(100)] });
    expect(insufficient.health.score).toBeNull();
    expect(insufficient.health.trend).toBeNull();
    expect(insufficient.signals).toEqual([]);
  });
});

describe('several signals', () => {
  it('fire together in a fixed order', () => {
    const r = run({
      featureUsage: 0.1,
      nps: -50,
      lastLoginAt: '2026-01-01',
      activities: [ticket(1, 'closed'), ticket(2, 'closed'), ticket(3, 'closed')],
      snapshots: [{ date: dayAgo(30), score: 90, nps: 50 }],
    });
    expect(r.signals.map((s) => s.code)).toEqual(['NO_LOGIN', 'TICKETS_RISING', 'NPS_DROP', 'HEALTH_DROP']);
  });
});
