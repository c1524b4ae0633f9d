// Renewal stage from the contract end date, and the expansion flag (DOMAIN.md section 5).
import { type Account, dayNumber, formatDay, type Policy, type RenewalStage } from '../model/index.ts';


export interface RenewalResult {
  stage: RenewalStage;
  /** Whole UTC days from asOf to the contract end; negative once it has passed. */
  daysToEnd: number | null;
  contractEnd: string | null;
}

export function renewalStage(account: Account, asOf: number, policy: Policy): RenewalResult {
  if (account.contractEnd == null) return { stage: 'unknown', daysToEnd: null, contractEnd: null };
  const days = dayNumber(account.contractEnd) - dayNumber(asOf);
  const { upcomingDays, dueDays } = policy.renewal;
  const stage: RenewalStage = days < 0 ? 'overdue' : days <= dueDays ? 'due' : days <= upcomingDays ? 'upcoming' : 'none';
  return { stage, daysToEnd: days, contractEnd: formatDay(account.contractEnd) };
}

export function isExpansionCandidate(account: Account, score: number | null, policy: Policy): boolean {
  const { minHealth, minUsage } = policy.expansion;
  return score !== null && score >= minHealth && account.featureUsage != null && account.featureUsage >= minUsage;
}
