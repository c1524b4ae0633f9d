// How far back both CRMs' history reads reach: the longest window the policy's rules look at
// (DOMAIN.md section 9, "History read"), so a policy change widens or narrows every read alike.
import type { Policy } from '../model/index.ts';

/** Days of history the policy's windows need (engagement, tickets, rising-ticket comparison). */
export function historyDays(policy: Policy): number {
  return Math.max(policy.health.engagement.windowDays, policy.health.tickets.windowDays, 2 * policy.signals.ticketsRising.windowDays);
}
