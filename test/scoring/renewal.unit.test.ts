import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolvePolicy } from '../../src/model/policy.ts';
import { isExpansionCandidate, renewalStage } from '../../src/scoring/renewal.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import { AS_OF, dayAgo, meeting, record } from './fixtures.ts';

describe('renewal stage', () => {
  it.each([
    [91, 'none'],
    [90, 'upcoming'],
    [31, 'upcoming'],
    [30, 'due'],
    [1, 'due'],
    [0, 'due'],
    [-1, 'overdue'],
    [-400, 'overdue'],
  ])('contract end %d days from asOf -> %s', (days, stage) => {
    expect(renewalStage(record({ contractEnd: dayAgo(-days) }), AS_OF, DEFAULTS)).toMatchObject({ stage, daysToEnd: days });
  });

  it('counts whole days whatever the time of the contract end', () => {
    expect(renewalStage(record({ contractEnd: `${dayAgo(-91)}T00:00:00Z` }), AS_OF, DEFAULTS).stage).toBe('none');
    expect(renewalStage(record({ contractEnd: `${dayAgo(-90)}T23:59:00Z` }), AS_OF, DEFAULTS).stage).toBe('upcoming');
  });

  it('unknown without contractEnd', () => {
    expect(renewalStage(record({}), AS_OF, DEFAULTS)).toMatchObject({ stage: 'unknown', daysToEnd: null });
  });

  it('follows the policy thresholds', () => {
    const policy = resolvePolicy({ renewal: { upcomingDays: 120, dueDays: 60 } });
    expect(renewalStage(record({ contractEnd: dayAgo(-120) }), AS_OF, policy).stage).toBe('upcoming');
    expect(renewalStage(record({ contractEnd: dayAgo(-60) }), AS_OF, policy).stage).toBe('due');
    expect(renewalStage(record({ contractEnd: dayAgo(-121) }), AS_OF, policy).stage).toBe('none');
  });

  it('scoreAccount reports the stage with the contract end day', () => {
    const r = scoreAccount(record({ contractEnd: '2027-01-22' }), DEFAULTS, AS_OF);
    expect(r.renewal).toEqual({ stage: 'upcoming', daysToEnd: 60, contractEnd: '2027-01-22' });
    expect(scoreAccount(record({}), DEFAULTS, AS_OF).renewal).toEqual({ stage: 'unknown', daysToEnd: null, contractEnd: null });
  });
});

describe('expansion candidate', () => {
  it('needs health >= 80 and usage >= 0.8', () => {
    expect(isExpansionCandidate(record({ featureUsage: 0.8 }), 80, DEFAULTS)).toBe(true);
    expect(isExpansionCandidate(record({ featureUsage: 1 }), 100, DEFAULTS)).toBe(true);
    expect(isExpansionCandidate(record({ featureUsage: 0.8 }), 79, DEFAULTS)).toBe(false);
    expect(isExpansionCandidate(record({ featureUsage: 0.79 }), 95, DEFAULTS)).toBe(false);
  });

  it('is false when the score is empty or usage is missing', () => {
    expect(isExpansionCandidate(record({ featureUsage: 0.9 }), null, DEFAULTS)).toBe(false);
    expect(isExpansionCandidate(record({}), 95, DEFAULTS)).toBe(false);
  });

  it('is computed by scoreAccount', () => {
    // usage 0.8, 60 of 60 minutes, no tickets, no NPS: (32 + 30 + 20) / 90 = 91
    const yes = scoreAccount(record({ arr: 50_000, featureUsage: 0.8, activities: [meeting(2, 60)] }), DEFAULTS, AS_OF);
    expect(yes.health.score).toBe(91);
    expect(yes.expansionCandidate).toBe(true);
    // usage 0.75 scores 80 with NPS -100 but is below the usage bar
    const lowUsage = scoreAccount(record({ arr: 50_000, featureUsage: 0.75, nps: -100, activities: [meeting(2, 60)] }), DEFAULTS, AS_OF);
    expect(lowUsage.health.score).toBe(80);
    expect(lowUsage.expansionCandidate).toBe(false);
    // usage 0.8 but NPS -100 and no meeting: 32 + 0 + 20 + 0 = 52
    const lowHealth = scoreAccount(record({ arr: 50_000, featureUsage: 0.8, nps: -100 }), DEFAULTS, AS_OF);
    expect(lowHealth.health.score).toBe(52);
    expect(lowHealth.expansionCandidate).toBe(false);
  });
});
