// One pass over an account's activities that counts what the health measures and churn signals
// need, each over its own trailing window `(asOf - N days, asOf]`.
import { type Activity, DAY_MS } from '../model/index.ts';
import type { CompiledPolicy } from './compile.ts';

export interface ActivitySummary {
  engagementMinutes: number;
  meetings: number;
  calls: number;
  emails: number;
  notes: number;
  openHigh: number;
  openOther: number;
  /** Tickets created in the last `ticketsRising.windowDays`, open or closed. */
  ticketsRecent: number;
  /** Tickets created in the window before that. */
  ticketsPrevious: number;
}

export function summarizeActivities(activities: readonly Activity[], asOf: number, compiled: CompiledPolicy): ActivitySummary {
  const { health, signals } = compiled.policy;
  const engagementFrom = asOf - health.engagement.windowDays * DAY_MS;
  const messageFrom = engagementFrom;
  const recentFrom = asOf - signals.ticketsRising.windowDays * DAY_MS;
  const previousFrom = recentFrom - signals.ticketsRising.windowDays * DAY_MS;
  const s: ActivitySummary = { engagementMinutes: 0, meetings: 0, calls: 0, emails: 0, notes: 0, openHigh: 0, openOther: 0, ticketsRecent: 0, ticketsPrevious: 0 };
  for (const a of activities) {
    switch (a.type) {
      case 'meeting':
      case 'call':
        if (a.at > engagementFrom && a.at <= asOf) {
          s.engagementMinutes += a.durationMinutes;
          if (a.type === 'meeting') s.meetings++;
          else s.calls++;
        }
        break;
      case 'email':
      case 'note':
        if (a.at > messageFrom && a.at <= asOf) {
          if (a.type === 'email') s.emails++;
          else s.notes++;
        }
        break;
      case 'ticket':
        if (a.createdAt > asOf) break;
        if (a.status === 'open') {
          if (compiled.isHighPriority(a.priority)) s.openHigh++;
          else s.openOther++;
        }
        if (a.createdAt > recentFrom) s.ticketsRecent++;
        else if (a.createdAt > previousFrom) s.ticketsPrevious++;
        break;
    }
  }
  return s;
}

/** Tickets rising: the recent window holds at least `ratio` times the previous and at least `minCount`. */
export function ticketsRising(s: ActivitySummary, compiled: CompiledPolicy): boolean {
  const { ratio, minCount } = compiled.policy.signals.ticketsRising;
  return s.ticketsRecent >= minCount && s.ticketsRecent >= ratio * s.ticketsPrevious;
}

