import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/dates.ts';
import { DEFAULTS, resolvePolicy } from '../../src/model/policy.ts';
import type { AccountRecordInput } from '../../src/model/record.ts';
import { explainLine, WHY_MAX } from '../../src/scoring/explain.ts';
import type { HealthResult } from '../../src/scoring/health.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import type { Signal } from '../../src/scoring/signals.ts';
import { AS_OF, dayAgo, meeting, openTickets, record, ticket } from './fixtures.ts';

/** DOMAIN.md section 9: usage 55 %, 40 of 120 meeting minutes, 2 open normal tickets, no NPS. */
const worked: Partial<AccountRecordInput> = {
  arr: 250_000,
  featureUsage: 0.55,
  lastLoginAt: '2026-08-20',
  activities: [meeting(10, 25), meeting(40, 15, 'call'), ticket(45, 'open', 'Normal'), ticket(70, 'open', null)],
};

function why(input: Partial<AccountRecordInput>, asOf = AS_OF) {
  return scoreAccount(record(input), DEFAULTS, asOf).why;
}

describe('the worked example of DOMAIN.md section 9', () => {
  it('scores 56 at_risk on a growth account', () => {
    const r = scoreAccount(record(worked), DEFAULTS, AS_OF);
    expect(r.tier).toBe('growth');
    expect(r.health.score).toBe(56);
    expect(r.health.band).toBe('at_risk');
    expect(r.health.missing).toEqual(['nps']);
    expect(r.health.measures.map((m) => [m.name, m.raw, m.points, m.weight])).toEqual([
      ['usage', 0.55, 22, 40],
      ['engagement', 40, 10, 30],
      ['tickets', 2, 18, 20],
      ['nps', null, null, 10],
    ]);
    expect(r.signals.map((s) => s.code)).toEqual(['NO_LOGIN']);
  });

  it('writes the documented why line', () => {
    expect(why(worked)).toBe('Health 56 at_risk | usage 55% 22/40 | meetings 40/120 min 10/30 | tickets 2 open 18/20 | NPS n/a | no login since 2026-08-20');
  });
});

describe('the why line', () => {
  it('says "login unknown" when lastLoginAt is missing', () => {
    const { lastLoginAt: _, ...rest } = worked;
    expect(why(rest)).toBe('Health 56 at_risk | usage 55% 22/40 | meetings 40/120 min 10/30 | tickets 2 open 18/20 | NPS n/a | login unknown');
  });

  it('says nothing about login when the last login is recent', () => {
    expect(why({ ...worked, lastLoginAt: dayAgo(3) })).toBe('Health 56 at_risk | usage 55% 22/40 | meetings 40/120 min 10/30 | tickets 2 open 18/20 | NPS n/a');
  });

  it('shows an empty score, missing measures, high tickets, rising tickets, NPS and drops', () => {
    const line = why({
      arr: 2_000_000,
      nps: -20,
      lastLoginAt: '2026-09-01',
      activities: [ticket(1, 'open', 'HIGH'), ticket(2, 'closed'), ticket(3, 'closed'), meeting(5, 60)],
      snapshots: [{ date: dayAgo(30), score: 90, nps: 30 }],
    });
    // engagement 60/240 -> 7.5 points; tickets 100 - 15 - 20 = 65 -> 13; NPS 40 -> 4: 60 weight, 24.5 points.
    expect(line).toBe(
      'Health 41 at_risk | usage n/a | meetings 60/240 min 8/30 | tickets 1 open (1 high), rising 3 vs 0 13/20 | NPS -20 4/10 | no login since 2026-09-01 | NPS 30->-20 | health 90->41',
    );
    expect(why({ arr: 50_000 })).toBe('Health n/a insufficient_data | usage n/a | meetings 0/60 min 0/30 | tickets 0 open 20/20 | NPS n/a | login unknown');
  });

  it('shows a 0..10 response on the response scale', () => {
    const policy = resolvePolicy({ health: { nps: { scale: 'response' } } });
    const line = scoreAccount(record({ arr: 50_000, featureUsage: 1, nps: 9, lastLoginAt: dayAgo(1) }), policy, AS_OF).why;
    expect(line).toBe('Health 69 watch | usage 100% 40/40 | meetings 0/60 min 0/30 | tickets 0 open 20/20 | NPS 9/10 9/10');
  });

  it('leaves out a measure whose weight is 0', () => {
    const policy = resolvePolicy({ health: { weights: { nps: 0 } } });
    const line = scoreAccount(record({ ...worked, nps: 50 }), policy, AS_OF).why;
    expect(line).not.toContain('NPS');
    expect(line.startsWith('Health 56 at_risk | usage 55% 22/40 | meetings 40/120 min 10/30 | tickets 2 open 18/20 | no login since')).toBe(true);
  });

  it('holds no day counts and does not change by itself from one day to the next', () => {
    const stable = { ...worked, activities: [meeting(5, 40), ...openTickets(2)] };
    const today = why(stable);
    const tomorrow = why(stable, AS_OF + DAY_MS);
    expect(tomorrow).toBe(today);
    expect(today).not.toMatch(/\d+\s*days?/);
    expect(today).not.toContain('95');
  });

  it('is at most 255 characters, cut with an ellipsis', () => {
    const health = scoreAccount(record(worked), DEFAULTS, AS_OF).health as HealthResult;
    const long: Signal[] = Array.from({ length: 6 }, (_, i) => ({ code: 'NO_LOGIN', evidence: `evidence ${i} `.padEnd(60, 'x'), data: {} }));
    const line = explainLine(record(worked), health, long);
    expect(WHY_MAX).toBe(255);
    expect(line).toHaveLength(255);
    expect(line.endsWith('…')).toBe(true);
    expect(line.startsWith('Health 56 at_risk | usage 55% 22/40')).toBe(true);
  });

  it('a real account with every signal fits in 255 characters uncut', () => {
    const line = why({
      arr: 2_000_000,
      featureUsage: 0.333,
      nps: -100,
      lastLoginAt: '2025-01-01',
      activities: [...Array.from({ length: 100 }, () => meeting(1, 1000)), ...openTickets(150, 'URGENT'), ...openTickets(150), ...Array.from({ length: 9 }, (_, i) => ticket(1 + i, 'closed'))],
      snapshots: [{ date: dayAgo(30), score: 100, nps: 100 }],
    });
    expect(line.length).toBeLessThanOrEqual(255);
    expect(line.endsWith('…')).toBe(false);
    expect(line).toContain('no login since 2025-01-01');
    expect(line).toContain('NPS 100->-100');
    expect(line).toContain('health 100->');
  });
});

describe('non-finite values in the why (issue 11)', () => {
  it('prints n/a, never Infinity, when meeting minutes overflow past validation', () => {
    // The schema caps a meeting at 1,440 minutes; two of 1e308 built by hand sum to Infinity.
    const r = record(worked);
    r.activities.push({ type: 'meeting', at: AS_OF - DAY_MS, durationMinutes: 1e308 }, { type: 'meeting', at: AS_OF - DAY_MS, durationMinutes: 1e308 });
    const line = scoreAccount(r, DEFAULTS, AS_OF).why;
    expect(line).toContain('| meetings n/a/120 min 30/30 |');
    expect(line).not.toMatch(/Infinity|NaN/);
  });

  it('prints n/a for any non-finite measure, weight or score', () => {
    const measures: HealthResult['measures'] = [
      { name: 'usage', raw: Number.NaN, subScore: null, weight: Number.POSITIVE_INFINITY, points: Number.NaN, detail: {} },
      { name: 'tickets', raw: Number.POSITIVE_INFINITY, subScore: 0, weight: 20, points: 0, detail: { openHigh: Number.POSITIVE_INFINITY, rising: true, recent: Number.POSITIVE_INFINITY, previous: 1 } },
      { name: 'nps', raw: Number.NEGATIVE_INFINITY, subScore: 0, weight: 10, points: 0, detail: { scale: 'account' } },
    ];
    const health: HealthResult = { score: Number.NaN, band: 'watch', measures, missing: [], weightPresent: 30, weightTotal: 30, trend: null, comparedWith: null };
    expect(explainLine({ id: 'a1', lastLoginAt: AS_OF }, health, [])).toBe('Health n/a watch | usage n/a% n/a/n/a | tickets n/a open (n/a high), rising n/a vs 1 0/20 | NPS n/a 0/10');
  });
});
