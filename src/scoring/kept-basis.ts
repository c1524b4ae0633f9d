// The policy settings that what a score keeps for re-scoring depends on (store/summaries.ts): the
// windows its activity summary counts over (and that the history read reaches back,
// connectors/history-window.ts), which ticket priorities are high, and the window of the snapshot
// it compared with. What was kept under one basis re-scores faithfully only under a policy of the
// same basis; any other setting can change freely.
import type { Policy } from '../model/index.ts';

/** The basis by policy path. */
export function keptBasis(policy: Policy): Record<string, string> {
  return {
    'health.engagement.windowDays': String(policy.health.engagement.windowDays),
    'health.tickets.windowDays': String(policy.health.tickets.windowDays),
    'signals.ticketsRising.windowDays': String(policy.signals.ticketsRising.windowDays),
    'health.tickets.highPriorities': policy.health.tickets.highPriorities.map((p) => p.toLowerCase()).sort().join(','),
    'snapshots.lookbackDays': String(policy.snapshots.lookbackDays),
    'snapshots.toleranceDays': String(policy.snapshots.toleranceDays),
  };
}

/** The basis as one short string, kept beside each account's entry. */
export function keptBasisKey(policy: Policy): string {
  return Object.values(keptBasis(policy)).join('|');
}
