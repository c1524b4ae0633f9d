// How far back both CRMs' history reads reach: the longest window the policy's rules look at
// (DOMAIN.md section 9, "History read"), so a policy change widens or narrows every read alike.
import type { Policy } from '../model/index.ts';

export interface HistoryWindows {
  /** Meetings and calls of the last N days (the engagement measure). */
  engagementDays: number;
  /** Tickets created in the last N days (issue feedback, and the rising-ticket comparison of two windows); open ones whatever their age. */
  ticketDays: number;
}

export function historyWindows(policy: Policy): HistoryWindows {
  return { engagementDays: policy.health.engagement.windowDays, ticketDays: Math.max(policy.health.tickets.windowDays, 2 * policy.signals.ticketsRising.windowDays) };
}

/** Days of history the policy's windows need (engagement, tickets, rising-ticket comparison). */
export function historyDays(policy: Policy): number {
  const w = historyWindows(policy);
  return Math.max(w.engagementDays, w.ticketDays);
}
