import { describe, expect, it } from 'vitest';
import { DEFAULTS, PolicyError, resolvePolicy, tierNames } from '../../src/model/policy.ts';
import { HANDOFF_ITEMS } from '../../src/model/policy-defaults.ts';

function problemsOf(partial: unknown): string[] {
  try {
    resolvePolicy(partial);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).problems;
  }
  throw new Error('expected the policy to be rejected');
}

const customRules = {
  rules: [
    { tier: 'big', when: [{ field: 'employees', op: '>=', value: 500 }] },
    { tier: 'regulated', when: [{ field: 'industry', op: 'in', value: ['Banking', 'Insurance'] }] },
  ],
  fallback: 'small',
};

describe('default policy', () => {
  it('holds the numbers of DOMAIN.md', () => {
    expect(DEFAULTS.tiers.preset).toBe('annual_payment');
    expect(tierNames(DEFAULTS)).toEqual(['strategic', 'growth', 'standard', 'unknown']);
    expect(DEFAULTS.health.weights).toEqual({ usage: 40, engagement: 30, tickets: 20, nps: 10 });
    expect(DEFAULTS.health.bands).toEqual({ healthy: 80, watch: 60 });
    expect(DEFAULTS.health.minWeightShare).toBe(0.5);
    expect(DEFAULTS.health.engagement.targets).toEqual({ strategic: 240, growth: 120, standard: 60 });
    expect(DEFAULTS.health.engagement.defaultTarget).toBe(60);
    expect(DEFAULTS.health.tickets.highPriorities).toEqual(['HIGH', 'URGENT', 'High', 'Critical']);
    expect(DEFAULTS.health.nps.scale).toBe('account');
    expect(DEFAULTS.signals.noLogin).toEqual({ days: 30, byTier: {} });
    expect(DEFAULTS.signals.ticketsRising).toEqual({ windowDays: 30, ratio: 1.5, minCount: 3 });
    expect(DEFAULTS.signals.npsDrop.points).toBe(20);
    expect(DEFAULTS.signals.healthDrop.points).toBe(15);
    expect(DEFAULTS.snapshots).toEqual({ lookbackDays: 30, toleranceDays: 7 });
    expect(DEFAULTS.renewal).toEqual({ upcomingDays: 90, dueDays: 30 });
    expect(DEFAULTS.expansion).toEqual({ minHealth: 80, minUsage: 0.8 });
    expect(DEFAULTS.playbook.rescue.signalTiers).toEqual(['strategic', 'growth']);
    expect(DEFAULTS.playbook.rescue.dedupeDays).toBe(14);
    expect(DEFAULTS.playbook.rescue.dueBusinessDays).toBe(2);
    expect(DEFAULTS.handoff.ownerDueHours).toBe(72);
    expect(DEFAULTS.handoff.validationDueDays).toBe(30);
    expect(DEFAULTS.handoff.items).toHaveLength(10);
    expect(DEFAULTS.lifecycle).toEqual({ loyalMinWins: 2, loyalMinNps: 80 });
    expect(DEFAULTS.segments.kmeans.k).toBe(4);
  });

  it('resolvePolicy() without arguments equals DEFAULTS', () => {
    expect(resolvePolicy()).toEqual(DEFAULTS);
    expect(resolvePolicy({})).toEqual(DEFAULTS);
  });
});

describe('merging a partial policy', () => {
  it('merges a single nested value over the defaults and keeps the others', () => {
    const p = resolvePolicy({ health: { weights: { nps: 20 } } });
    expect(p.health.weights).toEqual({ usage: 40, engagement: 30, tickets: 20, nps: 20 });
    expect(p.health.bands).toEqual(DEFAULTS.health.bands);
    expect(p.signals).toEqual(DEFAULTS.signals);
    expect(p.tiers).toEqual(DEFAULTS.tiers);
  });

  it('replaces arrays instead of merging them', () => {
    const p = resolvePolicy({ health: { tickets: { highPriorities: ['P1'] } }, handoff: { items: ['Only item'] } });
    expect(p.health.tickets.highPriorities).toEqual(['P1']);
    expect(p.handoff.items).toEqual(['Only item']);
    expect(p.health.tickets.openHighPenalty).toBe(15);
  });

  it('merges tier-keyed records of an admin over the defaults', () => {
    const p = resolvePolicy({ signals: { noLogin: { byTier: { strategic: 15 } } }, health: { engagement: { targets: { growth: 100 } } } });
    expect(p.signals.noLogin).toEqual({ days: 30, byTier: { strategic: 15 } });
    expect(p.health.engagement.targets).toEqual({ strategic: 240, growth: 100, standard: 60 });
  });

  it('does not mutate the defaults', () => {
    resolvePolicy({ health: { weights: { nps: 0 } }, handoff: { items: ['x'] } });
    expect(DEFAULTS.health.weights.nps).toBe(10);
    expect(resolvePolicy({}).handoff.items).toEqual(HANDOFF_ITEMS);
  });
});

describe('tier presets and custom rules', () => {
  it('value_growth brings its own tiers, targets and rescue tiers', () => {
    const p = resolvePolicy({ tiers: { preset: 'value_growth' } });
    expect(p.tiers.preset).toBe('value_growth');
    expect(tierNames(p)).toEqual(['high', 'mid', 'low']);
    expect(p.tiers.rules[0]!.when).toEqual([
      { field: 'arr', op: '>', value: 100_000 },
      { field: 'industryGrowth', op: '>', value: 15 },
    ]);
    expect(p.health.engagement.targets).toEqual({ high: 240, mid: 120, low: 60 });
    expect(p.playbook.rescue.signalTiers).toEqual(['high', 'mid']);
  });

  it('custom rules mark the preset custom and drop the default tier-keyed settings', () => {
    const p = resolvePolicy({ tiers: customRules });
    expect(p.tiers.preset).toBe('custom');
    expect(tierNames(p)).toEqual(['big', 'regulated', 'small']);
    expect(p.health.engagement.targets).toEqual({});
    expect(p.signals.noLogin.byTier).toEqual({});
    expect(p.playbook.rescue.signalTiers).toEqual([]);
  });

  it('custom rules keep the admin own tier-keyed settings', () => {
    const p = resolvePolicy({
      tiers: customRules,
      health: { engagement: { targets: { big: 200 } } },
      signals: { noLogin: { byTier: { big: 10 } } },
      playbook: { rescue: { signalTiers: ['big'] } },
    });
    expect(p.health.engagement.targets).toEqual({ big: 200 });
    expect(p.signals.noLogin.byTier).toEqual({ big: 10 });
    expect(p.playbook.rescue.signalTiers).toEqual(['big']);
  });

  it('custom rules that reuse a default tier name keep its default setting', () => {
    const p = resolvePolicy({ tiers: { rules: [{ tier: 'strategic', when: [{ field: 'employees', op: '>=', value: 1000 }] }], fallback: 'rest' } });
    expect(p.health.engagement.targets).toEqual({ strategic: 240 });
    expect(p.playbook.rescue.signalTiers).toEqual(['strategic']);
  });
});

describe('validation', () => {
  it('rejects a value that is not an object', () => {
    expect(problemsOf([])).toEqual(['(root): must be a JSON object']);
    expect(problemsOf('x')).toEqual(['(root): must be a JSON object']);
  });

  it('rejects unknown keys naming their path', () => {
    expect(problemsOf({ health: { weightz: { nps: 20 } } })).toEqual(['health: Unrecognized key: "weightz"']);
    expect(problemsOf({ health: { weights: { npz: 20 } } })).toEqual(['health.weights: Unrecognized key: "npz"']);
    expect(problemsOf({ colour: 'red' })).toEqual(['(root): Unrecognized key: "colour"']);
  });

  it('rejects weights that are all zero', () => {
    expect(problemsOf({ health: { weights: { usage: 0, engagement: 0, tickets: 0, nps: 0 } } })).toEqual(['health.weights: must sum to more than 0']);
  });

  it('accepts a single zero weight', () => {
    expect(resolvePolicy({ health: { weights: { nps: 0 } } }).health.weights.nps).toBe(0);
  });

  it('reports several problems together', () => {
    const problems = problemsOf({
      health: { weights: { usage: 0, engagement: 0, tickets: 0, nps: 0 }, bands: { healthy: 50, watch: 70 } },
      signals: { noLogin: { days: 0 } },
      extra: true,
    });
    expect(problems).toHaveLength(4);
    expect(problems).toContain('health.weights: must sum to more than 0');
    expect(problems).toContain('health.bands: watch must not be above healthy');
    expect(problems).toContain('signals.noLogin.days: must be a whole number from 1 to 3,650 days');
    expect(problems).toContain('(root): Unrecognized key: "extra"');
  });

  it('puts every problem in the error message with its source', () => {
    try {
      resolvePolicy({ health: { weights: { usage: -1 } } }, 'policy.json');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe('policy.json is invalid:\n  health.weights.usage: must be a number from 0 to 1,000,000');
    }
  });

  it('rejects engagement targets and no-login overrides for a tier that does not exist', () => {
    expect(problemsOf({ health: { engagement: { targets: { enterprise: 300 } } } })).toEqual([
      'health.engagement.targets.enterprise: "enterprise" is not a tier of tiers.rules (tiers: strategic, growth, standard, unknown)',
    ]);
    expect(problemsOf({ signals: { noLogin: { byTier: { gold: 10 } } } })).toEqual([
      'signals.noLogin.byTier.gold: "gold" is not a tier of tiers.rules (tiers: strategic, growth, standard, unknown)',
    ]);
    expect(problemsOf({ playbook: { rescue: { signalTiers: ['growth', 'gold'] } } })).toEqual([
      'playbook.rescue.signalTiers.1: "gold" is not a tier of tiers.rules (tiers: strategic, growth, standard, unknown)',
    ]);
  });

  it('rejects a default tier name once the value_growth preset replaced the tiers', () => {
    expect(problemsOf({ tiers: { preset: 'value_growth' }, signals: { noLogin: { byTier: { strategic: 15 } } } })).toEqual([
      'signals.noLogin.byTier.strategic: "strategic" is not a tier of tiers.rules (tiers: high, mid, low)',
    ]);
  });

  it('checks tier rule conditions', () => {
    expect(problemsOf({ tiers: { rules: [{ tier: 'a', when: [{ field: 'arr', op: '>=', value: 'big' }] }] } })).toEqual([
      'tiers.rules.0.when.0.value: must be a number for ">="',
    ]);
    expect(problemsOf({ tiers: { rules: [{ tier: 'a', when: [{ field: 'industry', op: 'in', value: 'Banking' }] }] } })).toEqual([
      'tiers.rules.0.when.0.value: must be a list for "in"',
    ]);
    const [field] = problemsOf({ tiers: { rules: [{ tier: 'a', when: [{ field: 'revenue', op: 'exists' }] }] } });
    expect(field).toMatch(/^tiers\.rules\.0\.when\.0\.field: must be a canonical field \(/);
    const [name] = problemsOf({ tiers: { rules: [{ tier: 'Big Tier', when: [] }] } });
    expect(name).toMatch(/^tiers\.rules\.0\.tier: must be lower-case letters/);
  });

  it('rejects empty tier rules and an empty handoff checklist', () => {
    expect(problemsOf({ tiers: { rules: [] } })).toEqual(['tiers.rules: needs at least one rule']);
    expect(problemsOf({ handoff: { items: [] } })).toEqual(['handoff.items: needs at least one checklist item']);
  });
});

describe('engagement target of tiers without one', () => {
  it('follows the standard target, as DOMAIN.md section 9 says for tier unknown', () => {
    expect(resolvePolicy({ health: { engagement: { targets: { standard: 90 } } } }).health.engagement.defaultTarget).toBe(90);
  });
  it('keeps an explicit default target', () => {
    expect(resolvePolicy({ health: { engagement: { targets: { standard: 90 }, defaultTarget: 45 } } }).health.engagement.defaultTarget).toBe(45);
  });
});

describe('numbers out of range (issue 11)', () => {
  it('rejects weights of 1e308, naming the range, instead of scoring every account insufficient_data', () => {
    expect(problemsOf({ health: { weights: { usage: 1e308, engagement: 1e308, tickets: 1e308, nps: 1e308 } } })).toEqual(
      ['usage', 'engagement', 'tickets', 'nps'].map((m) => `health.weights.${m}: must be a number from 0 to 1,000,000`),
    );
  });

  it('names the range for a JSON number too large to read (1e400 parses as Infinity)', () => {
    expect(problemsOf(JSON.parse('{ "health": { "weights": { "usage": 1e400 } } }'))).toEqual(['health.weights.usage: must be a number from 0 to 1,000,000']);
  });

  it('bounds days, targets, penalties, drops and hours, each message with its range', () => {
    expect(
      problemsOf({
        health: { engagement: { windowDays: 1e9, targets: { growth: 1e308 } }, tickets: { openHighPenalty: 1e6 } },
        signals: { noLogin: { days: 2.5 }, npsDrop: { points: 201 }, ticketsRising: { ratio: 1e300 } },
        handoff: { ownerDueHours: 1e12 },
        industryGrowth: { Software: 1e20 },
      }),
    ).toEqual([
      'industryGrowth.Software: must be a number from -100 to 10,000 % a year',
      'health.engagement.windowDays: must be a whole number from 1 to 3,650 days',
      'health.engagement.targets.growth: must be a number from 1 to 1,000,000 minutes',
      'health.tickets.openHighPenalty: must be a number from 0 to 100 points',
      'signals.noLogin.days: must be a whole number from 1 to 3,650 days',
      'signals.ticketsRising.ratio: must be more than 0 and at most 1,000',
      'signals.npsDrop.points: must be more than 0 and at most 200 points',
      'handoff.ownerDueHours: must be more than 0 and at most 87,600 hours',
    ]);
  });

  it('bounds the numbers tier rules compare with', () => {
    expect(problemsOf({ tiers: { rules: [{ tier: 'a', when: [{ field: 'arr', op: '>=', value: 1e300 }, { field: 'employees', op: 'in', value: [5, JSON.parse('-1e400')] }] }] } })).toEqual([
      'tiers.rules.0.when.0.value: must be a number from -1,000,000,000,000,000 to 1,000,000,000,000,000',
      'tiers.rules.0.when.1.value.1: must be a number from -1,000,000,000,000,000 to 1,000,000,000,000,000',
    ]);
  });

  it('accepts every setting at its maximum', () => {
    const p = resolvePolicy({
      health: { weights: { usage: 1e6, engagement: 1e6, tickets: 1e6, nps: 1e6 }, engagement: { windowDays: 3650, targets: { strategic: 1e6 } } },
      signals: { noLogin: { days: 3650 } },
      handoff: { ownerDueHours: 87_600 },
    });
    expect(p.health.weights.usage).toBe(1e6);
  });
});
