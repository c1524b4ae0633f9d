// Backtest reports made by the pure backtest (scoring/backtest) from a small hand-made portfolio
// whose history reaches back to a chosen date, shaped as the `backtest` job caches them, for the
// console tests that need a report without a CRM: six accounts, usage and NPS history, a meeting
// a month, one account churning 60 days before the as-of date.
import { DAY_MS } from '../../src/model/dates.ts';
import { DEFAULTS } from '../../src/model/policy.ts';
import type { Activity } from '../../src/model/index.ts';
import { runBacktest, type AccountPast } from '../../src/scoring/index.ts';

export const REPORT_AS_OF = Date.parse('2026-11-23T12:00:00.000Z');

function pasts(since: number): AccountPast[] {
  return Array.from({ length: 6 }, (_, i): AccountPast => {
    const meetings: Activity[] = Array.from({ length: 24 }, (_, m) => ({ type: 'meeting', at: REPORT_AS_OF - (m * 30 + 5) * DAY_MS, durationMinutes: i < 3 ? 15 : 60 }));
    return {
      account: { id: `a${i}`, name: `Account ${i}`, arr: 100_000 * (i + 1), contractEnd: Date.parse('2028-01-01'), featureUsage: i < 3 ? 0.1 : 0.9, nps: i < 3 ? -20 : 60, ...(i === 0 ? { churnedAt: REPORT_AS_OF - 60 * DAY_MS } : {}) },
      history: {
        since,
        source: 'crm_pulse_snapshots',
        fields: {
          arr: [{ at: since, value: 100_000 * (i + 1) }],
          contractEnd: [{ at: since, value: Date.parse('2028-01-01') }],
          featureUsage: [{ at: since, value: i < 3 ? 0.1 : 0.9 }],
          nps: [{ at: since, value: i < 3 ? -20 : 60 }],
        },
      },
      activities: meetings,
      deals: [],
      snapshots: [],
    };
  });
}

/** A report as the job caches it, from a history that reaches back to `since`. */
export function cachedReport(since: number): Record<string, unknown> {
  const result = runBacktest({ accounts: pasts(since), policy: DEFAULTS, now: REPORT_AS_OF, range: { months: 12, stepDays: 30, horizonDays: 90 }, churnedAtMapped: true, source: 'crm_pulse_snapshots', since });
  return { connectionId: 'hs-1', crm: 'hubspot', accounts: 6, ...result, fieldHistory: { tracked: [], fromSnapshots: ['nps'] }, apiCalls: {}, fieldHistoryCalls: null, historyCalls: null, seconds: { read: 0.1, compute: 0 }, problems: [] };
}
