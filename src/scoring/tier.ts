// Tier (service level): the policy's ordered rules, first match wins, the fallback otherwise.
import type { Account, Policy } from '../model/index.ts';
import { compilePolicy } from './compile.ts';

export interface TierResult {
  tier: string;
  /** Index of the rule that matched in `tiers.rules`; null when the fallback applied. */
  rule: number | null;
  industryGrowth: number | null;
}

export function scoreTier(account: Account, policy: Policy): TierResult {
  const compiled = compilePolicy(policy);
  const industryGrowth = compiled.industryGrowth(account);
  return { ...compiled.matchTier(account, industryGrowth), industryGrowth };
}
