import { describe, expect, it } from 'vitest';
import type { AccountRecordInput } from '../../src/model/record.ts';
import { DEFAULTS, resolvePolicy, type Policy } from '../../src/model/policy.ts';
import type { ActivitySummary } from '../../src/scoring/activity-summary.ts';
import { compilePolicy } from '../../src/scoring/compile.ts';
import { bandOf, scoreHealth, type MeasureName } from '../../src/scoring/health.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import { AS_OF, meeting, openTickets, record, ticket } from './fixtures.ts';

function health(input: Partial<AccountRecordInput>, policy: Policy = DEFAULTS) {
  return scoreAccount(record(input), policy, AS_OF).health;
}

function measure(input: Partial<AccountRecordInput>, name: MeasureName, policy: Policy = DEFAULTS) {
  return health(input, policy).measures.find((m) => m.name === name)!;
}

/**
 * Standard tier, full engagement (60 of 60 minutes), no ticket and NPS -100 (sub-score 0), so the
 * score is 30 + 20 + 0.4 * usage% = 50 + 40 * featureUsage.
 */
function withUsage(featureUsage: number) {
  return health({ arr: 50_000, featureUsage, nps: -100, activities: [meeting(5, 60)] });
}

describe('bands at their boundaries', () => {
  it.each([
    [0.225, 59, 'at_risk'],
    [0.25, 60, 'watch'],
    [0.725, 79, 'watch'],
    [0.75, 80, 'healthy'],
  ])('usage %d gives score %d (%s)', (usage, score, band) => {
    const h = withUsage(usage);
    expect(h.score).toBe(score);
    expect(h.band).toBe(band);
  });

  it('rounds half up and bands the rounded score: 79.5 -> 80 healthy', () => {
    const h = withUsage(0.7375);
    expect(h.score).toBe(80);
    expect(h.band).toBe('healthy');
  });

  it('79.496 rounds down to 79 watch', () => {
    const h = withUsage(0.7374);
    expect(h.score).toBe(79);
    expect(h.band).toBe('watch');
  });

  it('bandOf follows the policy bands', () => {
    const c = compilePolicy(DEFAULTS);
    expect([bandOf(59, c), bandOf(60, c), bandOf(79, c), bandOf(80, c), bandOf(100, c), bandOf(0, c)]).toEqual([
      'at_risk',
      'watch',
      'watch',
      'healthy',
      'healthy',
      'at_risk',
    ]);
    const custom = compilePolicy(resolvePolicy({ health: { bands: { healthy: 90, watch: 50 } } }));
    expect([bandOf(49, custom), bandOf(50, custom), bandOf(89, custom), bandOf(90, custom)]).toEqual(['at_risk', 'watch', 'watch', 'healthy']);
  });
});

describe('missing measures and renormalisation', () => {
  it('without NPS the weights renormalise over 40 + 30 + 20 = 90', () => {
    const h = health({ arr: 50_000, featureUsage: 0.55, activities: [meeting(5, 60)] });
    expect(h.missing).toEqual(['nps']);
    expect(h.weightPresent).toBe(90);
    expect(h.weightTotal).toBe(100);
    // (22 + 30 + 20) / 90 = 80
    expect(h.score).toBe(80);
    expect(h.band).toBe('healthy');
    const nps = h.measures.find((m) => m.name === 'nps')!;
    expect(nps).toMatchObject({ raw: null, subScore: null, points: null, weight: 10 });
  });

  it('without usage the three others (60 of 100) still give a score', () => {
    const h = health({ arr: 50_000, nps: 0, activities: [meeting(5, 60)] });
    expect(h.missing).toEqual(['usage']);
    expect(h.weightPresent).toBe(60);
    // (30 + 20 + 5) / 60 = 91.67
    expect(h.score).toBe(92);
  });

  it('exactly half the weight (no usage, no NPS: 30 + 20 = 50 of 100) is insufficient_data with no score', () => {
    const h = health({ arr: 50_000, activities: [meeting(5, 60)] });
    expect(h.missing).toEqual(['usage', 'nps']);
    expect(h.weightPresent).toBe(50);
    expect(h.score).toBeNull();
    expect(h.band).toBe('insufficient_data');
  });

  it('engagement and tickets always have data: no meeting is 0 minutes, no ticket is 100', () => {
    const h = health({ arr: 50_000, featureUsage: 0.5, nps: 0 });
    expect(h.missing).toEqual([]);
    expect(h.measures.find((m) => m.name === 'engagement')).toMatchObject({ raw: 0, subScore: 0, points: 0 });
    expect(h.measures.find((m) => m.name === 'tickets')).toMatchObject({ raw: 0, subScore: 100, points: 20 });
    // 20 + 0 + 20 + 5 = 45
    expect(h.score).toBe(45);
    expect(h.band).toBe('at_risk');
  });

  it('a zero weight leaves a measure out of the score', () => {
    const policy = resolvePolicy({ health: { weights: { nps: 0 } } });
    const h = health({ arr: 50_000, featureUsage: 0.55, nps: 100, activities: [meeting(5, 60)] }, policy);
    expect(h.weightTotal).toBe(90);
    expect(h.score).toBe(80);
  });
});

describe('issue feedback (tickets) sub-score', () => {
  it('15 per open high-priority ticket, 5 per other open ticket', () => {
    expect(measure({ activities: openTickets(1, 'HIGH') }, 'tickets').subScore).toBe(85);
    expect(measure({ activities: openTickets(1, 'Medium') }, 'tickets').subScore).toBe(95);
    expect(measure({ activities: [...openTickets(2, 'High'), ...openTickets(1)] }, 'tickets')).toMatchObject({ raw: 3, subScore: 65, points: 13 });
  });

  it('recognises HIGH, URGENT, High, Critical case-insensitively', () => {
    const activities = [...openTickets(1, 'HIGH'), ...openTickets(1, 'urgent'), ...openTickets(1, 'high'), ...openTickets(1, 'CRITICAL'), ...openTickets(1, 'Critical')];
    const m = measure({ activities }, 'tickets');
    expect(m.detail.openHigh).toBe(5);
    expect(m.subScore).toBe(25);
    const normal = [...openTickets(1, 'Low'), ...openTickets(1, 'Normal'), ...openTickets(1, 'P1'), ...openTickets(1, null)];
    expect(measure({ activities: normal }, 'tickets')).toMatchObject({ raw: 4, subScore: 80 });
  });

  it('high priorities are configurable', () => {
    const policy = resolvePolicy({ health: { tickets: { highPriorities: ['P1'] } } });
    const m = measure({ activities: [...openTickets(1, 'p1'), ...openTickets(1, 'HIGH')] }, 'tickets', policy);
    expect(m.detail.openHigh).toBe(1);
    expect(m.subScore).toBe(80);
  });

  it('counts open tickets of any age and ignores closed ones', () => {
    const m = measure({ activities: [ticket(400, 'open', 'HIGH'), ticket(10, 'closed', 'HIGH'), ticket(50, 'closed')] }, 'tickets');
    expect(m).toMatchObject({ raw: 1, subScore: 85 });
  });

  it('minus 20 when tickets are rising (closed tickets count for rising)', () => {
    const rising = [ticket(1, 'closed'), ticket(2, 'closed'), ticket(3, 'open')];
    const m = measure({ activities: rising }, 'tickets');
    expect(m.detail.rising).toBe(true);
    // 100 - 5 (one open) - 20 (rising)
    expect(m.subScore).toBe(75);
    const notRising = [ticket(1, 'closed'), ticket(2, 'open')];
    expect(measure({ activities: notRising }, 'tickets')).toMatchObject({ subScore: 95, detail: { rising: false } });
  });

  it('clamps at 0', () => {
    expect(measure({ activities: openTickets(7, 'URGENT') }, 'tickets').subScore).toBe(0);
    expect(measure({ activities: [...openTickets(6, 'HIGH'), ticket(1), ticket(2), ticket(3)] }, 'tickets').subScore).toBe(0);
  });
});

describe('engagement sub-score', () => {
  const sixty = [meeting(10, 40), meeting(20, 20, 'call')];

  it.each([
    [5_000_000, 'strategic', 240, 25],
    [500_000, 'growth', 120, 50],
    [50_000, 'standard', 60, 100],
    [undefined, 'unknown', 60, 100],
  ])('arr %s (%s) targets %d minutes: 60 minutes -> %d', (arr, tier, target, sub) => {
    const r = scoreAccount(record({ arr, activities: sixty }), DEFAULTS, AS_OF);
    expect(r.tier).toBe(tier);
    const m = r.health.measures.find((x) => x.name === 'engagement')!;
    expect(m.raw).toBe(60);
    expect(m.detail.target).toBe(target);
    expect(m.subScore).toBe(sub);
  });

  it('unknown tier uses the standard target: 30 minutes -> 50', () => {
    expect(measure({ activities: [meeting(3, 30)] }, 'engagement')).toMatchObject({ raw: 30, subScore: 50, points: 15 });
  });

  it('is capped at 100', () => {
    expect(measure({ arr: 50_000, activities: [meeting(3, 600)] }, 'engagement')).toMatchObject({ raw: 600, subScore: 100, points: 30 });
  });

  it('counts meetings and calls in the trailing 90 days only', () => {
    expect(measure({ arr: 50_000, activities: [meeting(89, 15, 'call'), meeting(91, 45)] }, 'engagement')).toMatchObject({ raw: 15, subScore: 25 });
  });

  it('value_growth targets are keyed by its tier names', () => {
    const policy = resolvePolicy({ tiers: { preset: 'value_growth' } });
    const r = scoreAccount(record({ arr: 200_000, industryGrowth: 20, activities: [meeting(3, 120)] }), policy, AS_OF);
    expect(r.tier).toBe('high');
    expect(r.health.measures.find((m) => m.name === 'engagement')).toMatchObject({ subScore: 50, detail: { target: 240 } });
  });
});

describe('NPS sub-score', () => {
  it.each([
    [-100, 0],
    [-50, 25],
    [0, 50],
    [40, 70],
    [100, 100],
  ])('account NPS %d -> %d', (nps, sub) => {
    expect(measure({ nps }, 'nps')).toMatchObject({ raw: nps, subScore: sub, points: sub / 10 });
  });

  it('response scale maps a 0..10 answer to 10 * response', () => {
    const policy = resolvePolicy({ health: { nps: { scale: 'response' } } });
    expect(measure({ nps: 7 }, 'nps', policy)).toMatchObject({ raw: 7, subScore: 70, points: 7 });
    expect(measure({ nps: 0 }, 'nps', policy)).toMatchObject({ subScore: 0 });
    expect(measure({ nps: 10 }, 'nps', policy)).toMatchObject({ subScore: 100 });
  });
});

describe('points and score', () => {
  it('points are weight * subScore / 100 and the score is round(100 * sum(points) / weight present)', () => {
    const h = health({ arr: 500_000, featureUsage: 0.55, nps: 20, activities: [meeting(5, 40), ...openTickets(2)] });
    expect(h.measures.map((m) => [m.name, m.subScore, m.points])).toEqual([
      ['usage', 55, 22],
      ['engagement', 33.33, 10],
      ['tickets', 90, 18],
      ['nps', 60, 6],
    ]);
    expect(h.score).toBe(56);
  });

  it('scoreHealth works from an activity summary', () => {
    const compiled = compilePolicy(DEFAULTS);
    const summary: ActivitySummary = {
      engagementMinutes: 240,
      meetings: 2,
      calls: 0,
      emails: 0,
      notes: 0,
      openHigh: 1,
      openOther: 0,
      ticketsRecent: 0,
      ticketsPrevious: 0,
    };
    const h = scoreHealth(record({ featureUsage: 1, nps: 100 }), 'strategic', summary, compiled);
    // 40 + 30 + 17 + 10
    expect(h.score).toBe(97);
    expect(h.band).toBe('healthy');
  });
});

describe('a score is always finite (issue 11)', () => {
  it('scores an account finite under every weight and target at its maximum', () => {
    const policy = resolvePolicy({ health: { weights: { usage: 1e6, engagement: 1e6, tickets: 1e6, nps: 1e6 }, engagement: { targets: { strategic: 1e6 } } } });
    const r = scoreAccount(record({ arr: 2_000_000, featureUsage: 1, nps: 100, activities: [meeting(1, 1440)] }), policy, AS_OF);
    // A day of meetings against a target of 1,000,000 minutes is next to nothing: (100 + 0 + 100 + 100) / 4.
    expect(r.health.score).toBe(75);
    expect(r.why).not.toMatch(/Infinity|NaN/);
  });

  it('gives no score, not NaN, for weights that overflow a policy built past validation', () => {
    const huge: Policy = { ...DEFAULTS, health: { ...DEFAULTS.health, minWeightShare: 0, weights: { usage: 1e308, engagement: 1e308, tickets: 1e308, nps: 1e308 } } };
    const r = scoreAccount(record({ arr: 500_000, featureUsage: 0.5, nps: 10 }), huge, AS_OF);
    expect(r.health.score).toBeNull();
    expect(r.health.band).toBe('insufficient_data');
    expect(r.why).not.toMatch(/Infinity|NaN/);
  });
});
