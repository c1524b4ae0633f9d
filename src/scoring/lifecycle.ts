// Lifecycle stage, first that holds: loyal > customer > trial > prospect (DOMAIN.md sections 7, 9).
import { type Account, type Deal, dayNumber, type Policy, type LifecycleStage } from '../model/index.ts';


/** NPS on the -100..100 account scale; a 0..10 survey response counts as ten times itself. */
function npsForLoyalty(nps: number, policy: Policy): number {
  return policy.health.nps.scale === 'response' ? nps * 10 : nps;
}

export function lifecycleStage(account: Account, deals: readonly Deal[], asOf: number, policy: Policy): LifecycleStage {
  let wins = 0;
  for (const d of deals) if (d.won && d.closedAt != null && d.closedAt <= asOf) wins++;
  const { loyalMinWins, loyalMinNps } = policy.lifecycle;
  const advocate = (account.nps != null && npsForLoyalty(account.nps, policy) >= loyalMinNps) || (account.referrals ?? 0) > 0;
  if (wins >= loyalMinWins && advocate) return 'loyal';
  const activeContract = account.contractEnd != null && dayNumber(account.contractEnd) >= dayNumber(asOf);
  if (activeContract || wins > 0) return 'customer';
  if (account.inTrial === true) return 'trial';
  return 'prospect';
}
