// Turns a validated policy into the lookups the hot path needs (tier matcher, priority set,
// industry table), once per policy object, so scoring an account allocates almost nothing.
import type { Account, Condition, Policy } from '../model/index.ts';

export interface CompiledPolicy {
  policy: Policy;
  matchTier: (account: Account, industryGrowth: number | null) => { tier: string; rule: number | null };
  isHighPriority: (priority: string | null | undefined) => boolean;
  industryGrowth: (account: Account) => number | null;
  engagementTarget: (tier: string) => number;
  noLoginDays: (tier: string) => number;
  rescueTiers: ReadonlySet<string>;
  rescueBands: ReadonlySet<string>;
  weightTotal: number;
}

type Value = string | number | boolean | null | undefined;

function test(condition: Condition, value: Value): boolean {
  const { op, value: want } = condition;
  if (op === 'missing') return value == null;
  if (value == null) return false;
  switch (op) {
    case 'exists':
      return true;
    case '>':
      return typeof value === 'number' && value > (want as number);
    case '>=':
      return typeof value === 'number' && value >= (want as number);
    case '<':
      return typeof value === 'number' && value < (want as number);
    case '<=':
      return typeof value === 'number' && value <= (want as number);
    case '==':
      return value === want;
    case '!=':
      return value !== want;
    case 'in':
      return (want as (string | number)[]).includes(value as string | number);
  }
}

const cache = new WeakMap<Policy, CompiledPolicy>();

export function compilePolicy(policy: Policy): CompiledPolicy {
  const hit = cache.get(policy);
  if (hit) return hit;
  const growthTable = new Map(Object.entries(policy.industryGrowth).map(([k, v]) => [k.toLowerCase(), v]));
  const high = new Set(policy.health.tickets.highPriorities.map((p) => p.toLowerCase()));
  const { targets, defaultTarget } = policy.health.engagement;
  const { days, byTier } = policy.signals.noLogin;
  const w = policy.health.weights;
  const compiled: CompiledPolicy = {
    policy,
    matchTier(account, industryGrowth) {
      const rules = policy.tiers.rules;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        let ok = true;
        for (const c of rule.when) {
          const value = c.field === 'industryGrowth' ? industryGrowth : (account[c.field as keyof Account] as Value);
          if (!test(c, value)) {
            ok = false;
            break;
          }
        }
        if (ok) return { tier: rule.tier, rule: i };
      }
      return { tier: policy.tiers.fallback, rule: null };
    },
    isHighPriority: (p) => p != null && high.has(p.toLowerCase()),
    industryGrowth(account) {
      if (account.industryGrowth != null) return account.industryGrowth;
      if (account.industry == null) return null;
      return growthTable.get(account.industry.toLowerCase()) ?? null;
    },
    engagementTarget: (tier) => targets[tier] ?? defaultTarget,
    noLoginDays: (tier) => byTier[tier] ?? days,
    rescueTiers: new Set(policy.playbook.rescue.signalTiers),
    rescueBands: new Set(policy.playbook.rescue.onBands),
    weightTotal: w.usage + w.engagement + w.tickets + w.nps,
  };
  cache.set(policy, compiled);
  return compiled;
}
