import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolvePolicy, type Policy } from '../../src/model/policy.ts';
import type { AccountRecordInput } from '../../src/model/record.ts';
import { lifecycleStage } from '../../src/scoring/lifecycle.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import { AS_OF, dayAgo, record, wonDeal } from './fixtures.ts';

function stage(input: Partial<AccountRecordInput>, policy: Policy = DEFAULTS) {
  const r = record(input);
  return lifecycleStage(r, r.deals, AS_OF, policy);
}

const lost = { id: 'lost-1', won: false, closedAt: dayAgo(10) };
const win = (id: string, daysAgo = 100) => wonDeal(id, dayAgo(daysAgo));

describe('lifecycle stage', () => {
  it('prospect: no closed-won deal and no active contract', () => {
    expect(stage({})).toBe('prospect');
    expect(stage({ deals: [lost] })).toBe('prospect');
    expect(stage({ contractEnd: dayAgo(1) })).toBe('prospect');
    expect(stage({ inTrial: false })).toBe('prospect');
  });

  it('trial: trial flag true and no closed-won deal', () => {
    expect(stage({ inTrial: true })).toBe('trial');
    expect(stage({ inTrial: true, deals: [lost] })).toBe('trial');
    expect(stage({ inTrial: true, contractEnd: dayAgo(1) })).toBe('trial');
  });

  it('customer: an active contract (contractEnd >= asOf day) or a closed-won deal', () => {
    expect(stage({ contractEnd: dayAgo(0) })).toBe('customer');
    expect(stage({ contractEnd: dayAgo(-200) })).toBe('customer');
    expect(stage({ deals: [win('d1')] })).toBe('customer');
    expect(stage({ deals: [win('d1', 2000)], contractEnd: dayAgo(500) })).toBe('customer');
  });

  it('customer wins over trial', () => {
    expect(stage({ inTrial: true, deals: [win('d1')] })).toBe('customer');
    expect(stage({ inTrial: true, contractEnd: dayAgo(-30) })).toBe('customer');
  });

  it('loyal: at least two wins and (NPS >= 80 or a referral)', () => {
    expect(stage({ deals: [win('d1', 400), win('d2')], nps: 80 })).toBe('loyal');
    expect(stage({ deals: [win('d1', 400), win('d2')], nps: 79 })).toBe('customer');
    expect(stage({ deals: [win('d1', 400), win('d2')], referrals: 1 })).toBe('loyal');
    expect(stage({ deals: [win('d1', 400), win('d2')], referrals: 0, nps: 10 })).toBe('customer');
    expect(stage({ deals: [win('d1', 400), win('d2')] })).toBe('customer');
    expect(stage({ deals: [win('d1')], nps: 100, referrals: 3 })).toBe('customer');
    expect(stage({ deals: [win('d1', 400), win('d2'), lost], nps: 90 })).toBe('loyal');
  });

  it('loyal wins over everything (precedence loyal > customer > trial > prospect)', () => {
    expect(stage({ inTrial: true, deals: [win('d1', 400), win('d2')], referrals: 2, contractEnd: dayAgo(-10) })).toBe('loyal');
  });

  it('ignores wins that close after asOf', () => {
    expect(stage({ deals: [wonDeal('future', dayAgo(-5))] })).toBe('prospect');
    expect(stage({ deals: [win('d1'), wonDeal('future', dayAgo(-5))], nps: 90 })).toBe('customer');
  });

  it('on the response scale a 0..10 answer counts ten times (8 -> 80)', () => {
    const policy = resolvePolicy({ health: { nps: { scale: 'response' } } });
    expect(stage({ deals: [win('d1', 400), win('d2')], nps: 8 }, policy)).toBe('loyal');
    expect(stage({ deals: [win('d1', 400), win('d2')], nps: 7 }, policy)).toBe('customer');
  });

  it('follows the policy thresholds', () => {
    const policy = resolvePolicy({ lifecycle: { loyalMinWins: 3, loyalMinNps: 50 } });
    expect(stage({ deals: [win('d1', 400), win('d2')], nps: 60 }, policy)).toBe('customer');
    expect(stage({ deals: [win('d1', 500), win('d2', 400), win('d3')], nps: 50 }, policy)).toBe('loyal');
  });

  it('is reported by scoreAccount', () => {
    expect(scoreAccount(record({ inTrial: true }), DEFAULTS, AS_OF).lifecycle).toBe('trial');
    expect(scoreAccount(record({ deals: [win('d1', 400), win('d2')], referrals: 1 }), DEFAULTS, AS_OF).lifecycle).toBe('loyal');
  });
});
