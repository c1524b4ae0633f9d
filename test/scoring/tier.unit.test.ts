import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolvePolicy } from '../../src/model/policy.ts';
import { scoreTier } from '../../src/scoring/tier.ts';
import { record } from './fixtures.ts';

describe('default tiers (annual payment)', () => {
  it.each([
    [0, 'standard', 2],
    [99_999, 'standard', 2],
    [100_000, 'growth', 1],
    [999_999, 'growth', 1],
    [1_000_000, 'strategic', 0],
    [5_000_000, 'strategic', 0],
  ])('arr %d -> %s', (arr, tier, rule) => {
    expect(scoreTier(record({ arr }), DEFAULTS)).toEqual({ tier, rule, industryGrowth: null });
  });

  it('missing arr -> unknown (the fallback, no rule)', () => {
    expect(scoreTier(record({}), DEFAULTS)).toEqual({ tier: 'unknown', rule: null, industryGrowth: null });
    expect(scoreTier(record({ arr: null }), DEFAULTS).tier).toBe('unknown');
  });
});

describe('value_growth preset', () => {
  const policy = resolvePolicy({ tiers: { preset: 'value_growth' }, industryGrowth: { Software: 20, Retail: 15 } });

  it('high needs arr > 100000 AND industryGrowth > 15', () => {
    expect(scoreTier(record({ arr: 100_001, industryGrowth: 15.5 }), policy).tier).toBe('high');
    expect(scoreTier(record({ arr: 100_000, industryGrowth: 30 }), policy).tier).toBe('mid');
    expect(scoreTier(record({ arr: 500_000, industryGrowth: 15 }), policy).tier).toBe('mid');
    expect(scoreTier(record({ arr: 500_000 }), policy).tier).toBe('mid');
  });

  it('mid when arr >= 50000, low otherwise', () => {
    expect(scoreTier(record({ arr: 50_000, industryGrowth: 40 }), policy).tier).toBe('mid');
    expect(scoreTier(record({ arr: 49_999, industryGrowth: 40 }), policy).tier).toBe('low');
    expect(scoreTier(record({}), policy)).toEqual({ tier: 'low', rule: null, industryGrowth: null });
  });

  it('reads industryGrowth from the policy table by industry label, case-insensitively', () => {
    expect(scoreTier(record({ arr: 200_000, industry: 'Software' }), policy)).toEqual({ tier: 'high', rule: 0, industryGrowth: 20 });
    expect(scoreTier(record({ arr: 200_000, industry: 'software' }), policy).tier).toBe('high');
    expect(scoreTier(record({ arr: 200_000, industry: 'Retail' }), policy)).toEqual({ tier: 'mid', rule: 1, industryGrowth: 15 });
    expect(scoreTier(record({ arr: 200_000, industry: 'Mining' }), policy)).toEqual({ tier: 'mid', rule: 1, industryGrowth: null });
  });

  it('a mapped industryGrowth field wins over the table', () => {
    expect(scoreTier(record({ arr: 200_000, industry: 'Software', industryGrowth: 5 }), policy)).toEqual({ tier: 'mid', rule: 1, industryGrowth: 5 });
    expect(scoreTier(record({ arr: 200_000, industry: 'Retail', industryGrowth: 16 }), policy).tier).toBe('high');
  });
});

describe('custom rules', () => {
  const policy = resolvePolicy({
    tiers: {
      rules: [
        { tier: 'big', when: [{ field: 'employees', op: '>=', value: 500 }] },
        { tier: 'regulated', when: [{ field: 'industry', op: 'in', value: ['Banking', 'Insurance'] }] },
        { tier: 'no_owner', when: [{ field: 'ownerId', op: 'missing' }] },
      ],
      fallback: 'small',
    },
  });

  it('first match wins, over any canonical field', () => {
    expect(scoreTier(record({ employees: 500, industry: 'Banking' }), policy)).toMatchObject({ tier: 'big', rule: 0 });
    expect(scoreTier(record({ employees: 499, industry: 'Banking', ownerId: 'u1' }), policy)).toMatchObject({ tier: 'regulated', rule: 1 });
    expect(scoreTier(record({ employees: 10, industry: 'Insurance', ownerId: 'u1' }), policy)).toMatchObject({ tier: 'regulated', rule: 1 });
  });

  it('`in` is an exact match and missing values fail comparisons', () => {
    expect(scoreTier(record({ industry: 'banking', ownerId: 'u1' }), policy)).toEqual({ tier: 'small', rule: null, industryGrowth: null });
    expect(scoreTier(record({ ownerId: 'u1' }), policy).tier).toBe('small');
    expect(scoreTier(record({}), policy)).toMatchObject({ tier: 'no_owner', rule: 2 });
  });

  it('supports ==, != and exists', () => {
    const p = resolvePolicy({
      tiers: {
        rules: [
          { tier: 'trial', when: [{ field: 'inTrial', op: '==', value: true }] },
          { tier: 'named', when: [{ field: 'name', op: 'exists' }, { field: 'name', op: '!=', value: 'Test' }] },
        ],
        fallback: 'other',
      },
    });
    expect(scoreTier(record({ inTrial: true }), p).tier).toBe('trial');
    expect(scoreTier(record({ inTrial: false, name: 'Acme' }), p).tier).toBe('named');
    expect(scoreTier(record({ name: 'Test' }), p).tier).toBe('other');
    expect(scoreTier(record({}), p).tier).toBe('other');
  });
});
